package dev.mcs.service.job;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.storage.StoredBlob;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.TechniqueCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes a successful attempt: checks the worker's output file, moves it into the blob store,
 * then in one short transaction guarded by the attempt number registers the output model, stores
 * the metrics and marks the job SUCCEEDED. A stale attempt's output is deleted, never published.
 */
@Component
class JobCommitter {

    private final BlobStore blobs;
    private final ModelService models;
    private final JobRepository jobs;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final TechniqueCatalog catalog;

    JobCommitter(BlobStore blobs, ModelService models, JobRepository jobs, JdbcTemplate jdbc, TransactionTemplate tx,
            ObjectMapper json, Clock clock, TechniqueCatalog catalog) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.models = models;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** @return false when the attempt was stale or the job was cancelled meanwhile */
    boolean commit(AttemptPlan plan, JsonNode result, Path workDir, long wallMs) throws IOException {
        ModelFormat format = declaredFormat(plan, result);
        StoredBlob blob = blobs.adopt("models", verifiedOutput(result, workDir));
        try {
            checkIntegrity(result, blob);
            ObjectNode metrics = JobMetrics.document(json, result.path("metrics"), result.path("timingsMs"), plan, wallMs);
            Boolean committed = tx.execute(status -> publish(plan, result, blob, format, metrics));
            if (!Boolean.TRUE.equals(committed)) {
                blobs.delete(blob.key());
            }
            return Boolean.TRUE.equals(committed);
        } catch (RuntimeException | IOException e) {
            blobs.delete(blob.key());
            throw e;
        }
    }

    private boolean publish(AttemptPlan plan, JsonNode result, StoredBlob blob, ModelFormat format, ObjectNode metrics) {
        Job job = jobs.findForUpdate(plan.jobId()).filter(j -> JobTransitions.isCurrent(j, plan.attempt())).orElse(null);
        if (job == null) {
            return false;
        }
        StoredModel output = models.registerProduced(job.getTenantId(), blob, format, outputName(plan, format), json.writeValueAsString(
                result.path("outputInspection")), plan.modelId(), plan.jobId());
        job.succeed(output.getId(), json.writeValueAsString(metrics));
        job.moveTo(JobStatus.SUCCEEDED, clock.instant());
        jobs.flush();
        insertMetricRows(plan, metrics);
        return true;
    }

    private void insertMetricRows(AttemptPlan plan, JsonNode metrics) {
        Map<String, Double> rows = JobMetrics.flatten(metrics);
        jdbc.batchUpdate("insert into job_metric (job_id, name, value) values (?, ?, ?)",
                rows.entrySet().stream().map(e -> new Object[] {plan.jobId(), e.getKey(), e.getValue()}).toList());
        jdbc.batchUpdate("insert into job_metric (job_id, name, epoch, value) values (?, ?, ?, ?)",
                JobMetrics.epochValues(metrics).stream()
                        .map(r -> new Object[] {plan.jobId(), r.name(), r.epoch(), r.value()}).toList());
    }

    private static Path verifiedOutput(JsonNode result, Path workDir) throws IOException {
        String name = result.path("outputFile").asString();
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IOException("worker named an unacceptable output file: '" + name + "'");
        }
        Path file = workDir.resolve(name).normalize();
        if (!file.startsWith(workDir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) == 0) {
            throw new IOException("worker output " + file + " is missing, empty or not a regular file");
        }
        return file;
    }

    private static void checkIntegrity(JsonNode result, StoredBlob blob) throws IOException {
        if (!blob.sha256().equals(result.path("outputSha256").asString())
                || blob.sizeBytes() != result.path("outputSizeBytes").asLong()) {
            throw new IOException("worker output changed after the worker finished (sha256 or size mismatch)");
        }
    }

    /**
     * The worker must have written the format its method declares for these parameters and referenced models (an
     * uploaded TorchScript DISTILL student gives TorchScript); anything else is not published.
     */
    private ModelFormat declaredFormat(AttemptPlan plan, JsonNode result) throws IOException {
        ModelFormat methodFormat = catalog.find(plan.type(), plan.method())
                .orElseThrow(() -> new IOException("method " + plan.type() + "/" + plan.method() + " is not installed"))
                .outputFormat(plan.format());
        ModelFormat declared = catalog.read(plan.type(), plan.params(), json)
                .outputFormat(methodFormat, plan.referencedFormats());
        if (!declared.name().equals(result.path("outputFormat").asString())) {
            throw new IOException("worker output is " + result.path("outputFormat").asString() + " but method '"
                    + plan.method() + "' declares " + declared);
        }
        return declared;
    }

    private static String outputName(AttemptPlan plan, ModelFormat format) {
        String base = plan.modelName().replaceAll("\\.(onnx|pt|pth)$", "");
        return base + "-" + plan.method() + format.extension();
    }
}
