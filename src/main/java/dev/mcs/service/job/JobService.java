package dev.mcs.service.job;

import dev.mcs.service.dataset.Dataset;
import dev.mcs.service.dataset.DatasetService;
import dev.mcs.service.dataset.DatasetUsage;
import dev.mcs.service.launch.WorkerProperties;
import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.ModelStatus;
import dev.mcs.service.model.ModelUsage;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.tenant.CurrentTenant;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.TechniqueCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Entry point of the job feature: submit, look up, list and cancel the current tenant's jobs. Another tenant's job,
 * model or dataset is "not found", exactly like one that does not exist.
 */
@Service
public class JobService implements ModelUsage, DatasetUsage {

    private static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

    private final JobRepository jobs;
    private final ModelService models;
    private final DatasetService datasets;
    private final JobQueue queue;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxAttempts;
    private final MeterRegistry meters;
    private final TechniqueParamsParser parser;
    private final CurrentTenant tenant;
    private final JobQuota quota;

    JobService(JobRepository jobs, ModelService models,
            DatasetService datasets, JobQueue queue, TransactionTemplate tx,
            ObjectMapper json, Clock clock, WorkerProperties workers, MeterRegistry meters, TechniqueCatalog catalog,
            CurrentTenant tenant, JobQuota quota) {
        this.tenant = tenant;
        this.quota = quota;
        this.parser = new TechniqueParamsParser(catalog, json);
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
        this.queue = queue;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.maxAttempts = workers.maxAttempts();
        this.meters = meters;
    }

    /** A submitted job, and whether it was created now or replayed for a repeated idempotency key. */
    public record Submission(Job job, boolean replayed) {}

    public Submission submit(JobRequest request, String idempotencyKey) {
        UUID owner = tenant.id();
        String hash = requestHash(request);
        Optional<Submission> replay = replay(owner, idempotencyKey, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        try {
            Job job = tx.execute(status -> create(owner, request, idempotencyKey, hash));
            meters.counter("mcs.jobs.submitted", "type", request.type().name()).increment();
            return new Submission(job, false);
        } catch (DataIntegrityViolationException e) {
            // Two requests with the same new key raced; the loser replays the winner's job.
            return replay(owner, idempotencyKey, hash).orElseThrow(() -> e);
        }
    }

    private Job create(UUID owner, JobRequest request, String idempotencyKey, String hash) {
        StoredModel model = models.lockForUse(request.modelId());
        if (model.getStatus() == ModelStatus.INVALID) {
            throw new ApiException(ProblemType.MODEL_INVALID,
                    "model " + model.getId() + " is invalid: " + model.getStatusReason());
        }
        Dataset dataset = lockIfNamed(request.datasetId());
        Dataset evaluation = lockIfNamed(evaluationDatasetId(request));
        MethodParams params = parser.parse(new TechniqueParamsParser.Request(request.type(), request.params(),
                model.getFormat(), facts(dataset, evaluation), InspectionFacts.of(model, json)));
        ReferencedModels.check(params, models);
        OutputFit.check(params, model, models, json);
        DatasetFit.check(model, dataset, evaluation, datasets, json).ifPresent(problem -> {
            throw problem;
        });
        // last, so that the tenant's row stays locked only for the insert
        quota.requireRoom(owner);
        Job job = new Job(UUID.randomUUID(), owner, model.getId(), request.datasetId(), request.type(),
                json.writeValueAsString(params), maxAttempts, clock.instant());
        job.evaluateOn(request.evaluationDatasetId());
        job.idempotency(idempotencyKey, idempotencyKey == null ? null : hash);
        Job saved = jobs.saveAndFlush(job);
        queue.enqueueJob(saved.getId());
        return saved;
    }

    /** Locked so that neither dataset can be deleted before the job row that uses it is committed. */
    private Dataset lockIfNamed(UUID datasetId) {
        return datasetId == null ? null : datasets.lockForUse(datasetId);
    }

    private static UUID evaluationDatasetId(JobRequest request) {
        if (request.evaluationDatasetId() != null && request.evaluationDatasetId().equals(request.datasetId())) {
            // Evaluating on the calibration data would overstate quality, which is what the held-out split avoids.
            throw new ApiException(ProblemType.INVALID_REQUEST, "'evaluationDatasetId' is the same as 'datasetId':"
                    + " name a different dataset, or leave it out to evaluate on the held-out fifth of the dataset",
                    Map.of("field", "evaluationDatasetId"));
        }
        return request.evaluationDatasetId();
    }

    /** Labels count where the job is evaluated: the evaluation dataset, else the (held-out part of the) dataset. */
    private static DatasetFacts facts(Dataset dataset, Dataset evaluation) {
        Dataset evaluatedOn = evaluation != null ? evaluation : dataset;
        return new DatasetFacts(dataset != null, evaluatedOn != null && evaluatedOn.isHasLabels());
    }

    private Optional<Submission> replay(UUID owner, String idempotencyKey, String hash) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return jobs.findByIdempotencyKeyAndTenantId(idempotencyKey, owner).map(existing -> {
            if (!hash.equals(existing.getRequestHash())) {
                throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key '" + idempotencyKey + "' was already used for a different request");
            }
            return new Submission(existing, true);
        });
    }

    public Job get(UUID id) {
        return jobs.findByIdAndTenantId(id, tenant.id()).orElseThrow(() -> ApiException.notFound("job", id));
    }

    public Page<Job> list(UUID modelId, JobStatus status, Pageable pageable) {
        return jobs.search(tenant.id(), modelId, status, pageable);
    }

    /** Cancels a queued or running job; a running worker is killed by its runner within a second. */
    public Job cancel(UUID id) {
        UUID owner = tenant.id();
        return tx.execute(status -> {
            Job job = jobs.findForUpdate(id, owner).orElseThrow(() -> ApiException.notFound("job", id));
            if (job.getStatus().isTerminal()) {
                throw new ApiException(ProblemType.CONFLICT, "job " + id + " is already " + job.getStatus());
            }
            job.requestCancel();
            job.moveTo(JobStatus.CANCELLED, clock.instant());
            job.report(job.getProgress(), "cancelled", clock.instant());
            meters.counter("mcs.jobs.cancelled", "type", job.getType().name()).increment();
            return job;
        });
    }

    @Override
    public boolean isInUse(UUID modelId) {
        return jobs.existsByModelIdAndStatusIn(modelId, ACTIVE)
                || jobs.existsByParamsNamingModelAndStatusIn(modelId, ACTIVE.stream().map(Enum::name).toList());
    }

    @Override
    public boolean isDatasetInUse(UUID datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId, ACTIVE)
                || jobs.existsByEvaluationDatasetIdAndStatusIn(datasetId, ACTIVE);
    }

    private String requestHash(JobRequest request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
