package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import dev.mcs.service.launch.WorkerLauncher;
import dev.mcs.service.launch.WorkerOutcome;
import dev.mcs.service.launch.WorkerProperties;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.protocol.WorkerResult;
import dev.mcs.shared.protocol.WorkerTask;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Executes a picked job: starts one worker for the attempt, waits for it, and turns its outcome
 * into SUCCEEDED, a retry, or FAILED. No transaction is open while the worker runs.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration INSPECTION_WAIT = Duration.ofSeconds(1);

    private final JobTransitions transitions;
    private final JobCommitter committer;
    private final WorkerLauncher launcher;
    private final AttemptDirectories directories;
    private final WorkerProperties workerProperties;
    private final EvaluationSettings evaluation;
    private final MeterRegistry meters;
    private final Clock clock;

    JobRunner(JobTransitions transitions, JobCommitter committer, WorkerLauncher launcher,
            AttemptDirectories directories, WorkerProperties workerProperties, EvaluationSettings evaluation,
            MeterRegistry meters, Clock clock) {
        this.transitions = transitions;
        this.committer = committer;
        this.launcher = launcher;
        this.directories = directories;
        this.workerProperties = workerProperties;
        this.evaluation = evaluation;
        this.meters = meters;
        this.clock = clock;
    }

    CompletionHandler<Void> run(UUID jobId) {
        JobTransitions.Decision decision = transitions.begin(jobId);
        if (decision instanceof JobTransitions.Run start) {
            return attempt(start.plan());
        }
        if (decision instanceof JobTransitions.Wait) {
            return rescheduleAt(clock.instant().plus(INSPECTION_WAIT));
        }
        return remove();
    }

    private CompletionHandler<Void> attempt(AttemptPlan plan) {
        Path dir = directories.forJobAttempt(plan.jobId(), plan.attempt());
        long start = System.nanoTime();
        try {
            WorkerOutcome outcome = launcher.run(task(plan, dir), workerProperties.timeout(),
                    new ThrottledProgress(transitions, plan), () -> transitions.shouldStop(plan.jobId(), plan.attempt()));
            return conclude(plan, outcome, dir, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.error("attempt {} of job {} failed in the runner", plan.attempt(), plan.jobId(), e);
            return retryOrFail(plan, ProblemType.INTERNAL_ERROR, "the runner failed: " + e.getMessage(), Map.of(), true);
        } finally {
            directories.deleteQuietly(dir);
        }
    }

    private CompletionHandler<Void> conclude(AttemptPlan plan, WorkerOutcome outcome, Path dir, long wallMs)
            throws IOException {
        switch (outcome.ending()) {
            case CANCELLED:
                record(plan, "cancelled", wallMs);
                return remove();
            case CRASHED:
            case TIMED_OUT:
                ProblemType type = outcome.ending() == WorkerOutcome.Ending.TIMED_OUT
                        ? ProblemType.WORKER_TIMEOUT : ProblemType.WORKER_CRASHED;
                record(plan, outcome.ending().name().toLowerCase(), wallMs);
                return retryOrFail(plan, type, outcome.describe(), Map.of("exitCode", outcome.exitCode(),
                        "stderrTail", outcome.stderrTail()), true);
            default:
                return completed(plan, outcome.result(), dir, wallMs);
        }
    }

    private CompletionHandler<Void> completed(AttemptPlan plan, JsonNode result, Path dir, long wallMs)
            throws IOException {
        if (!WorkerResult.OK.equals(result.path("status").asString())) {
            record(plan, "failed", wallMs);
            return retryOrFail(plan, JobErrors.typeOf(result.path("errorType").asString()),
                    result.path("errorDetail").asString(), Map.of(), false);
        }
        boolean committed = committer.commit(plan, result, dir, wallMs);
        record(plan, committed ? "succeeded" : "stale", wallMs);
        return remove();
    }

    private CompletionHandler<Void> retryOrFail(AttemptPlan plan, ProblemType type, String detail,
            Map<String, Object> extra, boolean retryable) {
        Optional<Instant> retryAt = transitions.failAttempt(plan.jobId(), plan.attempt(), type, detail, extra,
                retryable, workerProperties.retryDelay());
        return retryAt.map(JobRunner::rescheduleAt).orElseGet(JobRunner::remove);
    }

    private WorkerTask task(AttemptPlan plan, Path dir) {
        return new WorkerTask(WorkerTask.Kind.COMPRESS, plan.jobId(), plan.attempt(), plan.modelPath().toString(),
                plan.format(), dir.toString(), plan.type(), plan.params(),
                pathOrNull(plan.datasetPath()), pathOrNull(plan.evaluationDatasetPath()), evaluation,
                plan.referencedModels().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().toString())), plan.referencedFormats());
    }

    private static String pathOrNull(Path path) {
        return path == null ? null : path.toString();
    }

    private void record(AttemptPlan plan, String outcome, long wallMs) {
        String type = plan.type().name();
        meters.counter("mcs.jobs.attempts", "type", type, "outcome", outcome).increment();
        meters.timer("mcs.jobs.attempt.duration", "type", type, "outcome", outcome)
                .record(Duration.ofMillis(wallMs));
    }

    private static CompletionHandler<Void> remove() {
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private static CompletionHandler<Void> rescheduleAt(Instant when) {
        return (complete, operations) -> operations.reschedule(complete, when);
    }
}
