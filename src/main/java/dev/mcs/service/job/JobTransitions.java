package dev.mcs.service.job;

import dev.mcs.service.dataset.Dataset;
import dev.mcs.service.dataset.DatasetService;
import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.ModelStatus;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.technique.TechniqueCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The short transactions around an attempt. Each locks the job row and checks status and attempt
 * number first, so a stale attempt or a cancelled job is never overwritten.
 */
@Component
class JobTransitions {

    /** What the runner should do with a picked job. */
    sealed interface Decision permits Run, Wait, Done {}

    record Run(AttemptPlan plan) implements Decision {}

    record Wait() implements Decision {}

    record Done() implements Decision {}

    private final JobRepository jobs;
    private final ModelService models;
    private final DatasetService datasets;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final TechniqueCatalog catalog;
    private final TenantService tenants;

    JobTransitions(JobRepository jobs, ModelService models, DatasetService datasets, TransactionTemplate tx,
            ObjectMapper json, Clock clock, TechniqueCatalog catalog, TenantService tenants) {
        this.tenants = tenants;
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.catalog = catalog;
    }

    Decision begin(UUID jobId) {
        return tx.execute(status -> jobs.findForUpdate(jobId).map(this::begin).orElse(new Done()));
    }

    private Decision begin(Job job) {
        Instant now = clock.instant();
        if (job.getStatus().isTerminal()) {
            return new Done();
        }
        if (job.getStatus() == JobStatus.RUNNING && !recoverLostAttempt(job, now)) {
            return new Done();
        }
        Optional<StoredModel> model = job.getModelId() == null ? Optional.empty() : models.find(job.getModelId());
        if (model.isEmpty()) {
            return failQueued(job, ProblemType.NOT_FOUND, "the input model was deleted", now);
        }
        if (model.get().getStatus() == ModelStatus.INSPECTING) {
            job.report(0, "waiting for model inspection", now);
            return new Wait();
        }
        if (model.get().getStatus() == ModelStatus.INVALID) {
            return failQueued(job, ProblemType.MODEL_INVALID, "the input model is invalid: " + model.get().getStatusReason(), now);
        }
        if (!slotFree(job)) {
            job.report(0, "waiting for one of the tenant's running jobs to finish", now);
            return new Wait();
        }
        return start(job, model.get(), now);
    }

    private Decision start(Job job, StoredModel model, Instant now) {
        Dataset dataset = dataset(job.getDatasetId());
        Dataset evaluation = dataset(job.getEvaluationDatasetId());
        Optional<ApiException> mismatch = DatasetFit.check(model, dataset, evaluation, datasets, json);
        if (mismatch.isPresent()) {
            return failQueued(job, mismatch.get().type(), mismatch.get().getMessage(), now);
        }
        ReferencedModels.Located referenced = ReferencedModels.locate(
                catalog.read(job.getType(), json.readTree(job.getParams()), json), models);
        if (referenced.missing() != null) {
            return failQueued(job, ProblemType.NOT_FOUND, "the model named by 'params." + referenced.missing()
                    + "' was deleted", now);
        }
        job.moveTo(JobStatus.RUNNING, now);
        job.report(0, "starting worker", now);
        return new Run(new AttemptPlan(job.getId(), job.getAttempt(), model.getId(), model.getName(),
                models.localPath(model), model.getFormat(), localPath(dataset), localPath(evaluation),
                job.getType(), json.readTree(job.getParams()),
                Duration.between(job.getCreatedAt(), now), referenced.paths(), referenced.formats()));
    }

    /**
     * Whether the job's tenant runs fewer jobs than it may. The tenant row's lock makes two runners that pick two of
     * its jobs at once decide one after the other.
     */
    private boolean slotFree(Job job) {
        int allowed = tenants.lock(job.getTenantId()).concurrentJobs();
        return jobs.countByTenantIdAndStatus(job.getTenantId(), JobStatus.RUNNING) < allowed;
    }

    /** Deleting a dataset is refused while a job uses it, so a named one is there. */
    private Dataset dataset(UUID id) {
        return id == null ? null : datasets.find(id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    private Path localPath(Dataset dataset) {
        return dataset == null ? null : datasets.localPath(dataset);
    }

    /** A job found RUNNING when its task is picked again lost its runner (service crash or restart). */
    private boolean recoverLostAttempt(Job job, Instant now) {
        String detail = "attempt " + job.getAttempt() + " lost its runner (the service stopped or crashed)";
        job.fail(JobErrors.problem(json, ProblemType.WORKER_LOST, detail, job.getAttempt(), Map.of()));
        if (job.getAttempt() >= job.getMaxAttempts()) {
            job.moveTo(JobStatus.FAILED, now);
            job.report(job.getProgress(), "failed", now);
            return false;
        }
        job.moveTo(JobStatus.QUEUED, now);
        return true;
    }

    private Decision failQueued(Job job, ProblemType type, String detail, Instant now) {
        job.fail(JobErrors.problem(json, type, detail, job.getAttempt(), Map.of()));
        job.moveTo(JobStatus.FAILED, now);
        job.report(job.getProgress(), "failed", now);
        return new Done();
    }

    void progress(UUID jobId, int attempt, double fraction, String stage) {
        tx.executeWithoutResult(status -> jobs.findForUpdate(jobId)
                .filter(job -> isCurrent(job, attempt))
                .ifPresent(job -> job.report(fraction, stage, clock.instant())));
    }

    boolean shouldStop(UUID jobId, int attempt) {
        return jobs.findById(jobId).map(job -> !isCurrent(job, attempt) || job.isCancelRequested()).orElse(true);
    }

    /**
     * Ends a failed attempt: requeued if {@code retryable} and attempts remain, FAILED otherwise.
     *
     * @return when to retry, if the job was requeued
     */
    Optional<Instant> failAttempt(UUID jobId, int attempt, ProblemType type, String detail, Map<String, Object> extra,
            boolean retryable, Duration retryDelay) {
        return tx.execute(status -> jobs.findForUpdate(jobId).filter(job -> isCurrent(job, attempt)).flatMap(job -> {
            Instant now = clock.instant();
            job.fail(JobErrors.problem(json, type, detail, attempt, extra));
            if (retryable && attempt < job.getMaxAttempts()) {
                job.moveTo(JobStatus.QUEUED, now);
                job.report(0, "retrying after: " + detail, now);
                return Optional.of(now.plus(retryDelay));
            }
            job.moveTo(JobStatus.FAILED, now);
            job.report(job.getProgress(), "failed", now);
            return Optional.<Instant>empty();
        }));
    }

    static boolean isCurrent(Job job, int attempt) {
        return job.getStatus() == JobStatus.RUNNING && job.getAttempt() == attempt;
    }
}
