package dev.mcs.service.job;

import dev.mcs.service.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.service.model.ModelFixtures;
import dev.mcs.service.model.StoredModel;
import dev.mcs.shared.technique.JobType;
import dev.mcs.support.JpaTest;
import dev.mcs.support.OtherConnection;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@JpaTest
class JobRepositoryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JobRepository jobs;

    @Autowired
    TestEntityManager em;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    private StoredModel model(String name) {
        return em.persistAndFlush(ModelFixtures.uploaded(name, T0));
    }

    @Test
    void a_saved_job_reads_back_with_every_column_after_the_persistence_context_is_cleared() {
        StoredModel model = model("mlp");
        Job job = JobFixtures.queued(model.getId(), T0);
        job.idempotency("key-1", "hash-1");
        jobs.saveAndFlush(job);
        em.clear();

        Job loaded = jobs.findById(job.getId()).orElseThrow();

        assertThat(loaded).isNotSameAs(job);
        assertThat(loaded.getModelId()).isEqualTo(model.getId());
        assertThat(loaded.getDatasetId()).isNull();
        assertThat(loaded.getType()).isEqualTo(JobType.QUANTIZE);
        assertThat(loaded.getStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(loaded.getAttempt()).isZero();
        assertThat(loaded.getMaxAttempts()).isEqualTo(3);
        assertThat(loaded.getStage()).isEqualTo("queued");
        assertThat(loaded.getIdempotencyKey()).isEqualTo("key-1");
        assertThat(loaded.getRequestHash()).isEqualTo("hash-1");
        assertThat(loaded.isCancelRequested()).isFalse();
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        assertThat(loaded.getUpdatedAt()).isEqualTo(T0);
        assertThat(loaded.getStartedAt()).isNull();
        assertThat(loaded.getFinishedAt()).isNull();
        assertThat(jobs.findByIdempotencyKeyAndTenantId("key-1", Tenant.DEFAULT_ID)).map(Job::getId).contains(job.getId());
        assertThat(jobs.findByIdempotencyKeyAndTenantId("key-2", Tenant.DEFAULT_ID)).isEmpty();
    }

    @Test
    void status_changes_progress_and_cancel_requests_are_persisted() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));
        Job locked = jobs.findForUpdate(job.getId()).orElseThrow();
        locked.moveTo(JobStatus.RUNNING, T0.plusSeconds(5));
        locked.report(0.42, "quantizing", T0.plusSeconds(6));
        locked.requestCancel();
        jobs.flush();
        em.clear();

        Job loaded = jobs.findById(job.getId()).orElseThrow();

        assertThat(loaded.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(loaded.getAttempt()).isEqualTo(1);
        assertThat(loaded.getStartedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(loaded.getProgress()).isEqualTo(0.42);
        assertThat(loaded.getStage()).isEqualTo("quantizing");
        assertThat(loaded.isCancelRequested()).isTrue();
        assertThat(loaded.getUpdatedAt()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void find_for_update_returns_the_job_and_is_empty_for_an_unknown_id() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));
        em.clear();

        assertThat(jobs.findForUpdate(job.getId())).map(Job::getId).contains(job.getId());
        assertThat(jobs.findForUpdate(UUID.randomUUID())).isEmpty();
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void find_for_update_holds_a_row_lock_that_another_connection_cannot_take() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        UUID modelId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            em.persist(ModelFixtures.uploaded(modelId, "locked", T0));
            em.persist(JobFixtures.queued(jobId, modelId, T0));
        });
        try {
            tx.executeWithoutResult(s -> {
                assertThat(jobs.findForUpdate(jobId)).isPresent();
                assertThat(OtherConnection.run(dataSource, "select id from job where id = ? for update nowait", jobId))
                        .as("SQLState of the other connection's lock attempt").isEqualTo("55P03");
            });
            // Once the first transaction has committed, the lock is gone.
            assertThat(OtherConnection.run(dataSource, "select id from job where id = ? for update nowait", jobId)).isNull();
        } finally {
            jdbc.update("delete from job where id = ?", jobId);
            jdbc.update("delete from model where id = ?", modelId);
        }
    }

    @Test
    void search_without_filters_pages_through_all_jobs_newest_first() {
        StoredModel model = model("mlp");
        Job oldest = jobs.save(JobFixtures.queued(model.getId(), T0));
        Job middle = jobs.save(JobFixtures.queued(model.getId(), T0.plusSeconds(10)));
        Job newest = jobs.save(JobFixtures.queued(model.getId(), T0.plusSeconds(20)));
        jobs.flush();
        em.clear();

        Page<Job> first = jobs.search(Tenant.DEFAULT_ID, null, null, PageRequest.of(0, 2));
        Page<Job> second = jobs.search(Tenant.DEFAULT_ID, null, null, PageRequest.of(1, 2));

        assertThat(first.getTotalElements()).isEqualTo(3);
        assertThat(first.getTotalPages()).isEqualTo(2);
        assertThat(first.getContent()).extracting(Job::getId).containsExactly(newest.getId(), middle.getId());
        assertThat(second.getContent()).extracting(Job::getId).containsExactly(oldest.getId());
    }

    @Test
    void search_breaks_ties_in_creation_time_by_id_descending() {
        StoredModel model = model("mlp");
        UUID low = UUID.fromString("00000000-0000-4000-8000-000000000001");
        UUID high = UUID.fromString("ffffffff-0000-4000-8000-000000000001");
        UUID mid = UUID.fromString("7fffffff-0000-4000-8000-000000000001");
        for (UUID id : List.of(mid, low, high)) {
            jobs.save(JobFixtures.queued(id, model.getId(), T0));
        }
        jobs.flush();
        em.clear();

        assertThat(jobs.search(Tenant.DEFAULT_ID, null, null, PageRequest.of(0, 10)).getContent()).extracting(Job::getId)
                .containsExactly(high, mid, low);
    }

    @Test
    void search_filters_by_model_by_status_and_by_both() {
        StoredModel a = model("a");
        StoredModel b = model("b");
        Job aQueued = jobs.save(JobFixtures.inStatus(a.getId(), JobStatus.QUEUED, T0));
        Job aFailed = jobs.save(JobFixtures.inStatus(a.getId(), JobStatus.FAILED, T0.plusSeconds(1)));
        Job aQueuedLater = jobs.save(JobFixtures.inStatus(a.getId(), JobStatus.QUEUED, T0.plusSeconds(2)));
        Job bQueued = jobs.save(JobFixtures.inStatus(b.getId(), JobStatus.QUEUED, T0.plusSeconds(3)));
        Job bSucceeded = jobs.save(JobFixtures.inStatus(b.getId(), JobStatus.SUCCEEDED, T0.plusSeconds(4)));
        jobs.flush();
        em.clear();
        PageRequest page = PageRequest.of(0, 10);

        assertThat(jobs.search(Tenant.DEFAULT_ID, a.getId(), null, page).getContent()).extracting(Job::getId)
                .containsExactly(aQueuedLater.getId(), aFailed.getId(), aQueued.getId());
        assertThat(jobs.search(Tenant.DEFAULT_ID, null, JobStatus.QUEUED, page).getContent()).extracting(Job::getId)
                .containsExactly(bQueued.getId(), aQueuedLater.getId(), aQueued.getId());
        assertThat(jobs.search(Tenant.DEFAULT_ID, a.getId(), JobStatus.QUEUED, page).getContent()).extracting(Job::getId)
                .containsExactly(aQueuedLater.getId(), aQueued.getId());
        assertThat(jobs.search(Tenant.DEFAULT_ID, b.getId(), JobStatus.SUCCEEDED, page).getContent()).extracting(Job::getId)
                .containsExactly(bSucceeded.getId());
        assertThat(jobs.search(Tenant.DEFAULT_ID, b.getId(), JobStatus.RUNNING, page)).isEmpty();
        assertThat(jobs.search(Tenant.DEFAULT_ID, UUID.randomUUID(), null, page).getTotalElements()).isZero();
    }

    @Test
    void exists_by_model_and_status_sees_only_the_given_statuses_of_that_model() {
        StoredModel a = model("a");
        StoredModel b = model("b");
        jobs.save(JobFixtures.inStatus(a.getId(), JobStatus.RUNNING, T0));
        jobs.save(JobFixtures.inStatus(b.getId(), JobStatus.SUCCEEDED, T0));
        jobs.flush();
        EnumSet<JobStatus> active = EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

        assertThat(jobs.existsByModelIdAndStatusIn(a.getId(), active)).isTrue();
        assertThat(jobs.existsByModelIdAndStatusIn(b.getId(), active)).isFalse();
        assertThat(jobs.existsByModelIdAndStatusIn(b.getId(), EnumSet.of(JobStatus.SUCCEEDED))).isTrue();
        assertThat(jobs.existsByModelIdAndStatusIn(UUID.randomUUID(), EnumSet.allOf(JobStatus.class))).isFalse();
    }

    @Test
    void a_job_keeps_its_evaluation_dataset_which_counts_as_in_use_while_the_job_is_active() {
        StoredModel model = model("mlp");
        UUID evaluation = UUID.randomUUID();
        jdbc.update("insert into dataset (id, tenant_id, name, size_bytes, sha256, blob_key, sample_count, arrays,"
                + " has_labels, created_at) values (?, '00000000-0000-0000-0000-000000000001', 'eval', 1, 'ab', ?, 5, '[]'::jsonb, true, now())", evaluation,
                "datasets/" + evaluation);
        Job running = JobFixtures.inStatus(model.getId(), JobStatus.RUNNING, T0);
        running.evaluateOn(evaluation);
        jobs.saveAndFlush(running);
        em.clear();
        EnumSet<JobStatus> active = EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

        assertThat(jobs.findById(running.getId()).orElseThrow().getEvaluationDatasetId()).isEqualTo(evaluation);
        assertThat(jobs.existsByEvaluationDatasetIdAndStatusIn(evaluation, active)).isTrue();
        assertThat(jobs.existsByDatasetIdAndStatusIn(evaluation, active)).isFalse();
        assertThat(jobs.existsByEvaluationDatasetIdAndStatusIn(evaluation, EnumSet.of(JobStatus.SUCCEEDED))).isFalse();
    }

    @Test
    void a_second_job_with_the_same_idempotency_key_is_refused_by_the_database() {
        StoredModel model = model("mlp");
        Job first = JobFixtures.queued(model.getId(), T0);
        first.idempotency("same-key", "hash-a");
        jobs.saveAndFlush(first);
        Job second = JobFixtures.queued(model.getId(), T0.plusSeconds(1));
        second.idempotency("same-key", "hash-b");

        assertThatThrownBy(() -> jobs.saveAndFlush(second)).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("idempotency_key");
    }

    @Test
    void jobs_without_an_idempotency_key_do_not_collide() {
        StoredModel model = model("mlp");
        jobs.save(JobFixtures.queued(model.getId(), T0));
        jobs.save(JobFixtures.queued(model.getId(), T0));
        jobs.flush();

        assertThat(jdbc.queryForObject("select count(*) from job where idempotency_key is null", Long.class)).isEqualTo(2);
    }

    @Test
    void params_metrics_and_error_are_stored_as_jsonb_and_read_back_as_the_same_documents() {
        StoredModel model = model("mlp");
        Job job = JobFixtures.queued(model.getId(), T0);
        job.moveTo(JobStatus.RUNNING, T0.plusSeconds(1));
        String metrics = "{\"ratios\": {\"size\": 0.27}, \"fidelity\": {\"cosineMean\": 0.9991, \"top1\": [1, 2, 3]},"
                + " \"note\": \"ü ✓ \\\"quoted\\\"\"}";
        String error = "{\"type\": \"urn:mcs:worker-crashed\", \"detail\": \"killed by signal 11\", \"attempt\": 1}";
        job.fail(error);
        job.succeed(null, metrics);
        jobs.saveAndFlush(job);
        em.clear();

        Job loaded = jobs.findById(job.getId()).orElseThrow();

        assertThat(tree(loaded.getParams())).isEqualTo(tree(JobFixtures.QUANTIZE_PARAMS));
        assertThat(tree(loaded.getMetrics())).isEqualTo(tree(metrics));
        assertThat(tree(loaded.getError())).isEqualTo(tree(error));
        assertThat(jdbc.queryForObject("select jsonb_typeof(params) || ' ' || jsonb_typeof(metrics) || ' ' || jsonb_typeof(error)"
                + " from job where id = ?", String.class, job.getId())).isEqualTo("object object object");
        assertThat(jdbc.queryForObject("select (metrics #>> '{fidelity,cosineMean}')::float8 from job where id = ?",
                Double.class, job.getId())).isEqualTo(0.9991);
        assertThat(jdbc.queryForObject("select params ->> 'bits' from job where id = ?", String.class, job.getId()))
                .isEqualTo("8");
        assertThat(jdbc.queryForObject("select metrics ->> 'note' from job where id = ?", String.class, job.getId()))
                .isEqualTo("ü ✓ \"quoted\"");
    }

    @Test
    void absent_metrics_and_error_are_sql_nulls_not_json_nulls() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));

        assertThat(jdbc.queryForObject("select metrics is null and error is null from job where id = ?", Boolean.class,
                job.getId())).isTrue();
        em.clear();
        assertThat(jobs.findById(job.getId()).orElseThrow().getMetrics()).isNull();
    }

    @Test
    void malformed_json_params_are_rejected_by_the_jsonb_column() {
        StoredModel model = model("mlp");
        Job job = new Job(UUID.randomUUID(), Tenant.DEFAULT_ID, model.getId(), null, JobType.QUANTIZE, "{not json", 3, T0);

        assertThatThrownBy(() -> jobs.saveAndFlush(job)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void the_status_check_constraint_rejects_an_unknown_status() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));

        assertThatThrownBy(() -> jdbc.update("update job set status = 'PAUSED' where id = ?", job.getId()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("job_status_check");
    }

    @Test
    void the_type_check_constraint_rejects_an_unknown_type() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));

        assertThatThrownBy(() -> jdbc.update("update job set type = 'SHRINK' where id = ?", job.getId()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("job_type_check");
    }

    @Test
    void the_progress_check_constraint_rejects_a_fraction_above_one() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));

        assertThatThrownBy(() -> jdbc.update("update job set progress = 1.5 where id = ?", job.getId()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("job_progress_check");
    }

    @Test
    void a_job_for_a_model_that_does_not_exist_violates_the_foreign_key() {
        Job job = JobFixtures.queued(UUID.randomUUID(), T0);

        assertThatThrownBy(() -> jobs.saveAndFlush(job)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void metric_rows_are_deleted_together_with_their_job() {
        StoredModel model = model("mlp");
        Job doomed = jobs.save(JobFixtures.queued(model.getId(), T0));
        Job kept = jobs.save(JobFixtures.queued(model.getId(), T0));
        jobs.flush();
        String insert = "insert into job_metric (job_id, name, value) values (?, ?, ?)";
        jdbc.update(insert, doomed.getId(), "fidelity.cosineMean", 0.999);
        jdbc.update(insert, doomed.getId(), "ratios.size", 0.26);
        jdbc.update(insert, kept.getId(), "ratios.size", 0.3);

        jobs.delete(doomed);
        jobs.flush();

        assertThat(jdbc.queryForObject("select count(*) from job_metric where job_id = ?", Long.class, doomed.getId())).isZero();
        assertThat(jdbc.queryForObject("select count(*) from job_metric where job_id = ?", Long.class, kept.getId())).isEqualTo(1);
    }

    @Test
    void a_metric_name_is_unique_per_job() {
        StoredModel model = model("mlp");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), T0));
        String insert = "insert into job_metric (job_id, name, value) values (?, ?, ?)";
        jdbc.update(insert, job.getId(), "ratios.size", 0.26);

        assertThatThrownBy(() -> jdbc.update(insert, job.getId(), "ratios.size", 0.27))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void deleting_a_model_keeps_its_jobs_but_clears_their_model_and_output_references() {
        StoredModel input = model("input");
        StoredModel output = model("output");
        Job job = JobFixtures.queued(input.getId(), T0);
        job.moveTo(JobStatus.RUNNING, T0.plusSeconds(1));
        job.succeed(output.getId(), "{}");
        job.moveTo(JobStatus.SUCCEEDED, T0.plusSeconds(2));
        jobs.saveAndFlush(job);
        em.clear();

        jdbc.update("delete from model where id = ?", input.getId());
        jdbc.update("delete from model where id = ?", output.getId());

        Job loaded = jobs.findById(job.getId()).orElseThrow();
        assertThat(loaded.getModelId()).isNull();
        assertThat(loaded.getOutputModelId()).isNull();
        assertThat(loaded.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void deleting_a_job_clears_produced_by_job_on_the_model_it_produced() {
        StoredModel input = model("input");
        Job job = jobs.saveAndFlush(JobFixtures.queued(input.getId(), T0));
        StoredModel produced = em.persistAndFlush(
                ModelFixtures.producedBy(ModelFixtures.uploaded("output", T0), input.getId(), job.getId()));
        em.clear();

        jdbc.update("delete from job where id = ?", job.getId());

        assertThat(jdbc.queryForObject("select produced_by_job_id is null from model where id = ?", Boolean.class,
                produced.getId())).isTrue();
        assertThat(jdbc.queryForObject("select parent_model_id from model where id = ?", UUID.class, produced.getId()))
                .isEqualTo(input.getId());
    }

    @Test
    void timestamps_keep_microsecond_precision() {
        StoredModel model = model("mlp");
        Instant precise = Instant.parse("2025-06-30T23:59:59.999999Z");
        Job job = jobs.saveAndFlush(JobFixtures.queued(model.getId(), precise));
        em.clear();

        assertThat(jobs.findById(job.getId()).orElseThrow().getCreatedAt()).isEqualTo(precise);
    }


    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
