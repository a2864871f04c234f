package dev.mcs.service.job;

import dev.mcs.shared.technique.JobType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One compression job; status changes only through {@link #moveTo}. */
@Entity
@Table(name = "job")
public class Job {

    @Id
    private UUID id;
    private UUID tenantId;
    private UUID modelId;
    private UUID datasetId;
    private UUID evaluationDatasetId;
    @Enumerated(EnumType.STRING)
    private JobType type;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String params;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private int attempt;
    private int maxAttempts;
    private double progress;
    private String stage;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String error;
    private UUID outputModelId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String metrics;
    private String idempotencyKey;
    private String requestHash;
    private boolean cancelRequested;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;

    protected Job() {}

    Job(UUID id, UUID tenantId, UUID modelId, UUID datasetId, JobType type, String params, int maxAttempts,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.modelId = modelId;
        this.datasetId = datasetId;
        this.type = type;
        this.params = params;
        this.status = JobStatus.QUEUED;
        this.maxAttempts = maxAttempts;
        this.stage = "queued";
        this.createdAt = now;
        this.updatedAt = now;
    }

    void moveTo(JobStatus next, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalTransitionException(status, next);
        }
        status = next;
        updatedAt = now;
        if (next == JobStatus.RUNNING) {
            attempt++;
            startedAt = now;
            progress = 0;
        }
        if (next.isTerminal()) {
            finishedAt = now;
        }
    }

    void evaluateOn(UUID datasetId) {
        this.evaluationDatasetId = datasetId;
    }

    void idempotency(String key, String hash) {
        this.idempotencyKey = key;
        this.requestHash = hash;
    }

    void report(double fraction, String stageText, Instant now) {
        this.progress = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        this.stage = stageText;
        this.updatedAt = now;
    }

    void fail(String errorJson) {
        this.error = errorJson;
    }

    void succeed(UUID outputModel, String metricsJson) {
        this.outputModelId = outputModel;
        this.metrics = metricsJson;
        this.progress = 1;
        this.stage = "done";
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    public UUID getId() { return id; }
    public UUID getTenantId() { return tenantId; }
    public UUID getModelId() { return modelId; }
    public UUID getDatasetId() { return datasetId; }
    public UUID getEvaluationDatasetId() { return evaluationDatasetId; }
    public JobType getType() { return type; }
    public String getParams() { return params; }
    public JobStatus getStatus() { return status; }
    public int getAttempt() { return attempt; }
    public int getMaxAttempts() { return maxAttempts; }
    public double getProgress() { return progress; }
    public String getStage() { return stage; }
    public String getError() { return error; }
    public UUID getOutputModelId() { return outputModelId; }
    public String getMetrics() { return metrics; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public String getRequestHash() { return requestHash; }
    public boolean isCancelRequested() { return cancelRequested; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}
