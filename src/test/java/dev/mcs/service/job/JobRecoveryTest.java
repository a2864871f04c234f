package dev.mcs.service.job;

import dev.mcs.service.tenant.TenantService;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.dataset.DatasetService;
import dev.mcs.service.model.ModelService;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A job's task picked again while the job is still RUNNING means its runner was lost (the service
 * stopped or crashed mid-attempt). Real PostgreSQL; time comes from a fixed clock.
 */
@ServiceTest
class JobRecoveryTest {

    private static final Instant CREATED = Instant.parse("2030-05-06T07:00:00Z");
    private static final Instant NOW = CREATED.plus(Duration.ofMinutes(10));

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
    void a_job_whose_last_attempt_lost_its_runner_ends_failed_with_the_worker_lost_problem() {
        AttemptScene scene = scene(2, 2);

        JobTransitions.Decision decision = transitions.begin(scene.jobId());

        assertThat(decision).as("no worker is started").isInstanceOf(JobTransitions.Done.class);
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(job.getAttempt()).isEqualTo(2);
        assertThat(job.getFinishedAt()).isEqualTo(NOW);
        assertThat(job.getStage()).isEqualTo("failed");
        assertThat(job.getOutputModelId()).isNull();
        JsonNode error = json.readTree(job.getError());
        assertThat(error.path("type").asString()).endsWith("/worker-lost");
        assertThat(error.path("attempt").asInt()).isEqualTo(2);
        assertThat(error.path("detail").asString()).contains("attempt 2 lost its runner");
    }

    @Test
    void a_job_whose_runner_was_lost_with_attempts_left_is_retried_as_its_next_attempt() {
        AttemptScene scene = scene(1, 2);

        JobTransitions.Decision decision = transitions.begin(scene.jobId());

        assertThat(decision).isInstanceOfSatisfying(JobTransitions.Run.class, run -> {
            assertThat(run.plan().jobId()).isEqualTo(scene.jobId());
            assertThat(run.plan().attempt()).isEqualTo(2);
            assertThat(run.plan().method()).isEqualTo("dynamic_int8");
            assertThat(run.plan().queuedFor()).isEqualTo(Duration.ofMinutes(10));
        });
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.getAttempt()).isEqualTo(2);
        assertThat(job.getStartedAt()).isEqualTo(NOW);
        assertThat(job.getFinishedAt()).isNull();
        JsonNode error = json.readTree(job.getError());
        assertThat(error.path("type").asString()).as("the lost attempt stays on record").endsWith("/worker-lost");
        assertThat(error.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void a_finished_job_picked_again_is_left_as_it_is() {
        AttemptScene scene = scene(1, 2);
        scene.meanwhile(job -> job.moveTo(JobStatus.CANCELLED, CREATED.plusSeconds(30)));

        JobTransitions.Decision decision = transitions.begin(scene.jobId());

        assertThat(decision).isInstanceOf(JobTransitions.Done.class);
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.getError()).isNull();
        assertThat(job.getFinishedAt()).isEqualTo(CREATED.plusSeconds(30));
    }

    private AttemptScene scene(int attempt, int maxAttempts) {
        return scenes.running(attempt, maxAttempts);
    }
}
