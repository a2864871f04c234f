package dev.mcs.service.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sweep removes old files no row references, and nothing that is referenced or still young. */
@ServiceTest
class OrphanSweepTest {

    private static final Path STORAGE = Path.of("target/test-storage");
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(2));

    @LocalServerPort
    int port;

    @Autowired
    OrphanSweep sweep;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oldUnreferencedBlobsTemporaryFilesAndAttemptDirectoriesGoWhileReferencedAndYoungOnesStay() throws Exception {
        String modelId = new Api(port).uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        Path referenced = STORAGE.resolve("blobs").resolve(
                jdbc.queryForObject("select blob_key from model where id = ?::uuid", String.class, modelId));
        age(referenced);
        Path orphanBlob = age(write(STORAGE.resolve("blobs/models/" + UUID.randomUUID())));
        Path youngOrphan = write(STORAGE.resolve("blobs/datasets/" + UUID.randomUUID()));
        Path staleUpload = age(write(STORAGE.resolve("tmp/upload-crashed.part")));
        Path deadAttempt = STORAGE.resolve("work/jobs/" + UUID.randomUUID() + "-attempt-1");
        age(write(deadAttempt.resolve("tmp/partial.onnx")).getParent().getParent());
        UUID runningJob = UUID.randomUUID();
        jdbc.update("insert into job (id, type, params, status, max_attempts, created_at, updated_at, tenant_id)"
                + " values (?, 'DISTILL', '{}', 'RUNNING', 1, now(), now(), '00000000-0000-0000-0000-000000000001')",
                runningJob);
        Path longTraining = STORAGE.resolve("work/jobs/" + runningJob + "-attempt-2");
        age(write(longTraining.resolve("checkpoint.onnx")).getParent());

        SweepReport report;
        try {
            report = sweep.sweep();
        } finally {
            jdbc.update("delete from job where id = ?", runningJob);
        }

        assertThat(referenced).exists();
        assertThat(youngOrphan).exists();
        assertThat(orphanBlob).doesNotExist();
        assertThat(staleUpload).doesNotExist();
        assertThat(deadAttempt).doesNotExist();
        assertThat(longTraining).as("a running job's attempt older than the grace period").exists();
        assertThat(report.blobs()).isGreaterThanOrEqualTo(1);
        assertThat(report.attemptDirectories()).isGreaterThanOrEqualTo(1);
        Files.delete(youngOrphan);
        org.springframework.util.FileSystemUtils.deleteRecursively(longTraining);
    }

    private static Path write(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1, 2, 3});
    }

    private static Path age(Path path) throws Exception {
        Files.setLastModifiedTime(path, FileTime.from(LONG_AGO));
        return path;
    }
}
