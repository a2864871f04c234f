package dev.mcs.service.job;

import dev.mcs.service.tenant.TenantService;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.dataset.DatasetService;
import dev.mcs.service.model.ModelService;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How a crashed or timed-out attempt ends the job, guarded by the attempt number like the commit.
 * Real PostgreSQL; time comes from a fixed clock, so the retry instant is exact.
 */
@ServiceTest
class JobAttemptFailureTest {

    private static final Instant CREATED = Instant.parse("2030-05-06T07:00:00Z");
    private static final Instant NOW = CREATED.plus(Duration.ofMinutes(3));
    private static final Duration RETRY_DELAY = Duration.ofSeconds(7);

    @Autowired JobRepository jobs;
    @Autowired TransactionTemplate tx;
    @Autowired ObjectMapper json;
    @Autowired ModelService models;
    @Autowired DatasetService datasets;
    @Autowired TenantService tenants;

    @Autowired ApplicationContext context;
    private AttemptScenes scenes;
    private JobTransitions transitions;

    @BeforeEach
    void createTransitionsOnAFixedClock() {
        scenes = new AttemptScenes(context, CREATED);
        transitions = new JobTransitions(jobs, models, datasets, tx, json, Clock.fixed(NOW, ZoneOffset.UTC),
                TechniqueCatalog.installed(), tenants);
    }

    @AfterEach
    void removeScenes() throws IOException {
        scenes.removeAll();
    }

    @Test
    void a_timed_out_attempt_with_attempts_left_requeues_the_job_to_retry_after_the_delay() {
        AttemptScene scene = scene(1, 2);

        Optional<Instant> retryAt = fail(scene, 1);

        assertThat(retryAt).contains(NOW.plus(RETRY_DELAY));
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.getStage()).startsWith("retrying after: worker timed out");
        assertThat(job.getUpdatedAt()).isEqualTo(NOW);
        assertThat(json.readTree(job.getError()).path("type").asString()).endsWith("/worker-timeout");
    }

    @Test
    void a_timed_out_last_attempt_ends_the_job_failed_with_the_problem_and_its_details() {
        AttemptScene scene = scene(2, 2);

        Optional<Instant> retryAt = fail(scene, 2);

        assertThat(retryAt).isEmpty();
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(job.getFinishedAt()).isEqualTo(NOW);
        JsonNode error = json.readTree(job.getError());
        assertThat(error.path("type").asString()).endsWith("/worker-timeout");
        assertThat(error.path("attempt").asInt()).isEqualTo(2);
        assertThat(error.path("exitCode").asInt()).isEqualTo(143);
    }

    @Test
    void the_failure_of_a_stale_attempt_changes_nothing() {
        AttemptScene scene = scene(2, 3);

        Optional<Instant> retryAt = fail(scene, 1);

        assertThat(retryAt).isEmpty();
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.getAttempt()).isEqualTo(2);
        assertThat(job.getError()).isNull();
    }

    @Test
    void the_failure_of_an_attempt_whose_job_was_cancelled_meanwhile_keeps_it_cancelled() {
        AttemptScene scene = scene(1, 2);
        scene.meanwhile(job -> job.moveTo(JobStatus.CANCELLED, CREATED.plusSeconds(30)));

        Optional<Instant> retryAt = fail(scene, 1);

        assertThat(retryAt).isEmpty();
        assertThat(scene.job().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(scene.job().getError()).isNull();
    }

    private Optional<Instant> fail(AttemptScene scene, int attempt) {
        return transitions.failAttempt(scene.jobId(), attempt, ProblemType.WORKER_TIMEOUT,
                "worker timed out after 120 s and was killed", Map.of("exitCode", 143), true, RETRY_DELAY);
    }

    private AttemptScene scene(int attempt, int maxAttempts) {
        return scenes.running(attempt, maxAttempts);
    }
}
