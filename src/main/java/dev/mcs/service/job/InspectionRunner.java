package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import dev.mcs.service.launch.WorkerLauncher;
import dev.mcs.service.launch.WorkerOutcome;
import dev.mcs.service.launch.WorkerProperties;
import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.ModelStatus;
import dev.mcs.service.model.StoredModel;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.protocol.WorkerResult;
import dev.mcs.shared.protocol.WorkerTask;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Inspects an uploaded model in a worker process. A worker that crashes on a model (a segfault in
 * the engine, say) marks the model INVALID with the reason; the service itself is unaffected.
 */
@Component
class InspectionRunner {

    private static final Logger log = LoggerFactory.getLogger(InspectionRunner.class);

    private final ModelService models;
    private final WorkerLauncher launcher;
    private final AttemptDirectories directories;
    private final WorkerProperties workerProperties;
    private final EvaluationSettings evaluation;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    InspectionRunner(ModelService models, WorkerLauncher launcher, AttemptDirectories directories,
            WorkerProperties workerProperties, EvaluationSettings evaluation, ObjectMapper json, MeterRegistry meters) {
        this.models = models;
        this.launcher = launcher;
        this.directories = directories;
        this.workerProperties = workerProperties;
        this.evaluation = evaluation;
        this.json = json;
        this.meters = meters;
    }

    CompletionHandler<Void> run(UUID modelId) {
        Optional<StoredModel> model = models.find(modelId).filter(m -> m.getStatus() == ModelStatus.INSPECTING);
        model.ifPresent(this::inspect);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private void inspect(StoredModel model) {
        Path dir = directories.forInspection(model.getId());
        try {
            WorkerTask task = new WorkerTask(WorkerTask.Kind.INSPECT, model.getId(), 1,
                    models.localPath(model).toString(), model.getFormat(), dir.toString(), null, null, null,
                    null, evaluation);
            WorkerOutcome outcome = launcher.run(task, workerProperties.inspectionTimeout(), (f, s) -> { }, () -> false);
            record(model.getId(), outcome);
        } catch (IOException | RuntimeException e) {
            log.error("inspection of model {} failed in the runner", model.getId(), e);
            models.recordInspection(model.getId(), ModelStatus.INVALID, null, "inspection failed: " + e.getMessage());
        } finally {
            directories.deleteQuietly(dir);
        }
    }

    private void record(UUID modelId, WorkerOutcome outcome) {
        JsonNode result = outcome.result();
        if (outcome.ending() == WorkerOutcome.Ending.COMPLETED && WorkerResult.OK.equals(result.path("status").asString())) {
            models.recordInspection(modelId, ModelStatus.READY, json.writeValueAsString(result.path("inspection")), null);
            meters.counter("mcs.models.inspected", "outcome", "ready").increment();
            return;
        }
        String reason = outcome.ending() == WorkerOutcome.Ending.COMPLETED
                ? result.path("errorDetail").asString()
                : "the engine could not load the model: " + outcome.describe() + lastLine(outcome.stderrTail());
        log.info("model {} is invalid: {}", modelId, reason);
        models.recordInspection(modelId, ModelStatus.INVALID, null, reason);
        meters.counter("mcs.models.inspected", "outcome", "invalid").increment();
    }

    private static String lastLine(String stderrTail) {
        if (stderrTail == null || stderrTail.isBlank()) {
            return "";
        }
        String[] lines = stderrTail.split("\n");
        return "; stderr: " + lines[lines.length - 1];
    }
}
