package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.storage.BlobStore;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.support.ActingTenant;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The commit of a finished attempt against real PostgreSQL and the real blob store: a verified output
 * of the current attempt is published once; a stale attempt publishes nothing and leaves no blob.
 */
@ServiceTest
class JobCommitterTest {

    private static final Instant CREATED = Instant.parse("2030-05-06T07:00:00Z");
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");

    @Autowired JdbcTemplate jdbc;
    @Autowired JobRepository jobs;
    @Autowired TransactionTemplate tx;
    @Autowired BlobStore blobs;
    @Autowired ObjectMapper json;
    @Autowired ModelService models;
    @Autowired TechniqueCatalog catalog;
    @Autowired JobService jobService;

    @Autowired ApplicationContext context;
    private AttemptScenes scenes;
    private JobCommitter committer;

    @BeforeEach
    void createCommitterOnAFixedClock() {
        scenes = new AttemptScenes(context, CREATED);
        // the test reads and cancels through the services, as the API would for the default tenant
        ActingTenant.defaultTenant();
        committer = new JobCommitter(blobs, models, jobs, jdbc, tx, json, Clock.fixed(NOW, ZoneOffset.UTC), catalog);
    }

    @AfterEach
    void removeScenes() throws IOException {
        ActingTenant.clear();
        scenes.removeAll();
    }

    @Test
    void a_verified_output_of_the_current_attempt_is_published_once_with_its_metrics() throws Exception {
        AttemptScene scene = scene(1);
        byte[] content = scene.writeOutput("output.onnx");

        boolean committed = committer.commit(scene.plan(), scene.result("output.onnx", content), scene.workDir(), 250);

        assertThat(committed).isTrue();
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.getFinishedAt()).as("the committer's clock").isEqualTo(NOW);
        assertThat(job.getProgress()).isEqualTo(1.0);
        List<String> published = scene.producedBlobKeys();
        assertThat(published).hasSize(1);
        assertThat(scene.blobsHolding(content)).containsExactly(blobs.localPath(published.get(0)));
        assertThat(models.get(job.getOutputModelId()).getName()).isEqualTo("digits-dynamic_int8.onnx");
        assertThat(scene.workDir().resolve("output.onnx")).as("moved into the blob store").doesNotExist();
        assertThat(json.readTree(job.getMetrics()).path("ratios").path("size").asDouble()).isEqualTo(0.5);
        assertThat(scene.metricRows()).as("one job_metric row per number").isEqualTo(6);
    }

    @Test
    void a_stale_attempt_whose_job_moved_on_to_a_newer_attempt_publishes_nothing_and_its_blob_is_deleted()
            throws Exception {
        AttemptScene scene = scene(1);
        byte[] content = scene.writeOutput("output.onnx");
        scene.meanwhile(job -> {
            job.moveTo(JobStatus.QUEUED, CREATED.plusSeconds(60));
            job.moveTo(JobStatus.RUNNING, CREATED.plusSeconds(61));
        });

        boolean committed = committer.commit(scene.plan(), scene.result("output.onnx", content), scene.workDir(), 250);

        assertThat(committed).isFalse();
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.getAttempt()).isEqualTo(2);
        assertUnpublished(scene, content);
    }

    @Test
    void an_attempt_whose_job_was_cancelled_meanwhile_publishes_nothing_and_its_blob_is_deleted() throws Exception {
        AttemptScene scene = scene(1);
        byte[] content = scene.writeOutput("output.onnx");
        jobService.cancel(scene.jobId());

        boolean committed = committer.commit(scene.plan(), scene.result("output.onnx", content), scene.workDir(), 250);

        assertThat(committed).isFalse();
        assertThat(scene.job().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertUnpublished(scene, content);
    }

    private static void assertUnpublished(AttemptScene scene, byte[] content) throws IOException {
        assertThat(scene.job().getOutputModelId()).isNull();
        assertThat(scene.job().getMetrics()).isNull();
        assertThat(scene.producedBlobKeys()).isEmpty();
        assertThat(scene.metricRows()).isZero();
        assertThat(scene.workDir().resolve("output.onnx")).as("taken from the worker directory").doesNotExist();
        assertThat(scene.blobsHolding(content)).as("blobs holding the stale output").isEmpty();
    }

    private AttemptScene scene(int attempt) {
        return scenes.running(attempt, 3);
    }
}
