package dev.mcs.service.job;

import dev.mcs.service.tenant.Tenant;
import dev.mcs.service.storage.BlobStore;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job caught where the runner stands when its worker has just exited: a READY model and a RUNNING
 * job in PostgreSQL (with no queue task, so no runner of the test context touches them), and the
 * attempt directory inside the real blob store's scratch root, where the worker left its output.
 */
final class AttemptScene {

    /** The beans a scene writes through: the real ones of the running service. */
    record Beans(JdbcTemplate jdbc, JobRepository jobs, TransactionTemplate tx, AttemptDirectories directories,
            BlobStore blobs, ObjectMapper json) {}

    static final String PARAMS = "{\"technique\":\"QUANTIZE\",\"method\":\"dynamic_int8\"}";
    private static final Random RANDOM = new Random();

    private final Beans beans;
    private final UUID modelId = UUID.randomUUID();
    private final UUID jobId = UUID.randomUUID();
    private final int attempt;
    private final Path workDir;
    private final List<Path> written = new ArrayList<>();

    private AttemptScene(Beans beans, int attempt) {
        this.beans = beans;
        this.attempt = attempt;
        this.workDir = beans.directories().forJobAttempt(jobId, attempt);
    }

    /** A job RUNNING its attempt number {@code attempt} out of {@code maxAttempts}, created at {@code createdAt}. */
    static AttemptScene running(Beans beans, int attempt, int maxAttempts, Instant createdAt) {
        AttemptScene scene = new AttemptScene(beans, attempt);
        beans.jdbc().update("""
                insert into model (id, tenant_id, name, format, size_bytes, sha256, blob_key, status, created_at,
                                   updated_at)
                values (?, '00000000-0000-0000-0000-000000000001', 'digits.onnx', 'ONNX', 1234, ?, ?, 'READY', ?, ?)""", scene.modelId, "ab".repeat(32),
                "models/" + UUID.randomUUID(), java.sql.Timestamp.from(createdAt), java.sql.Timestamp.from(createdAt));
        Job job = new Job(scene.jobId, Tenant.DEFAULT_ID, scene.modelId, null, JobType.QUANTIZE, PARAMS, maxAttempts, createdAt);
        job.moveTo(JobStatus.RUNNING, createdAt.plusSeconds(1));
        for (int n = 2; n <= attempt; n++) {
            job.moveTo(JobStatus.QUEUED, createdAt.plusSeconds(n));
            job.moveTo(JobStatus.RUNNING, createdAt.plusSeconds(n));
        }
        beans.tx().executeWithoutResult(status -> beans.jobs().saveAndFlush(job));
        return scene;
    }

    UUID jobId() {
        return jobId;
    }

    Path workDir() {
        return workDir;
    }

    /** What the runner read in the transaction that started this attempt. */
    AttemptPlan plan() {
        return new AttemptPlan(jobId, attempt, modelId, "digits.onnx", beans.blobs().localPath("models/" + modelId),
                ModelFormat.ONNX, null, null, JobType.QUANTIZE, beans.json().readTree(PARAMS), Duration.ofSeconds(3));
    }

    /** Writes a file of unique content as the worker's output; {@code name} may climb out of the directory. */
    byte[] writeOutput(String name) throws IOException {
        byte[] content = new byte[4096];
        RANDOM.nextBytes(content);
        Path file = workDir.resolve(name).normalize();
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        written.add(file);
        return content;
    }

    /** A successful worker result naming {@code outputFile}, with the sha256 and size of {@code content}. */
    ObjectNode result(String outputFile, byte[] content) {
        ObjectNode result = beans.json().createObjectNode();
        result.put("status", "OK");
        result.put("outputFile", outputFile);
        result.put("outputFormat", "ONNX");
        result.put("outputSha256", sha256(content));
        result.put("outputSizeBytes", content.length);
        result.putObject("outputInspection").put("format", "ONNX");
        ObjectNode report = result.putObject("metrics").putObject("report");
        report.putObject("original").put("sizeBytes", 8192);
        report.putObject("compressed").put("sizeBytes", content.length);
        result.putObject("timingsMs").put("compressionMs", 12);
        return result;
    }

    /** Changes the job as another transaction would while the worker runs (a recovery, a cancel...). */
    void meanwhile(java.util.function.Consumer<Job> change) {
        beans.tx().executeWithoutResult(status -> change.accept(beans.jobs().findForUpdate(jobId).orElseThrow()));
    }

    Job job() {
        return beans.jobs().findById(jobId).orElseThrow();
    }

    /** Model rows this job produced, i.e. published outputs. */
    List<String> producedBlobKeys() {
        return beans.jdbc().queryForList("select blob_key from model where produced_by_job_id = ?", String.class,
                jobId);
    }

    long metricRows() {
        return beans.jdbc().queryForObject("select count(*) from job_metric where job_id = ?", Long.class, jobId);
    }

    /** Files in the blob store's model folder whose bytes are {@code content}. */
    List<Path> blobsHolding(byte[] content) throws IOException {
        Path folder = beans.blobs().localPath("models/" + new UUID(0, 0)).getParent();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> sameContent(file, content)).toList();
        }
    }

    /** Removes what the scene and a published output left, so later tests in the shared context see none of it. */
    void remove() throws IOException {
        for (String key : producedBlobKeys()) {
            beans.blobs().delete(key);
        }
        beans.jdbc().update("delete from model where produced_by_job_id = ?", jobId);
        beans.jdbc().update("delete from job where id = ?", jobId);
        beans.jdbc().update("delete from model where id = ?", modelId);
        beans.directories().deleteQuietly(workDir);
        for (Path file : written) {
            Files.deleteIfExists(file);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sameContent(Path file, byte[] content) {
        try {
            return Files.size(file) == content.length && java.util.Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false;
        }
    }
}
