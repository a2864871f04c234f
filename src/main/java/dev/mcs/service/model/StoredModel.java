package dev.mcs.service.model;

import dev.mcs.shared.format.ModelFormat;
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

/** A model file in the blob store, uploaded by a user or produced by a job. */
@Entity
@Table(name = "model")
public class StoredModel {

    @Id
    private UUID id;

    private UUID tenantId;

    private String name;

    @Enumerated(EnumType.STRING)
    private ModelFormat format;

    private long sizeBytes;

    private String sha256;

    private String blobKey;

    @Enumerated(EnumType.STRING)
    private ModelStatus status;

    private String statusReason;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String inspection;

    private UUID parentModelId;

    private UUID producedByJobId;

    private Instant createdAt;

    private Instant updatedAt;

    protected StoredModel() {}

    StoredModel(UUID id, UUID tenantId, String name, ModelFormat format, long sizeBytes, String sha256, String blobKey,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.blobKey = blobKey;
        this.status = ModelStatus.INSPECTING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void producedBy(UUID parentModelId, UUID jobId) {
        this.parentModelId = parentModelId;
        this.producedByJobId = jobId;
    }

    void inspected(ModelStatus newStatus, String inspectionJson, String reason, Instant now) {
        this.status = newStatus;
        this.inspection = inspectionJson;
        this.statusReason = reason;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getTenantId() { return tenantId; }
    public String getName() { return name; }
    public ModelFormat getFormat() { return format; }
    public long getSizeBytes() { return sizeBytes; }
    public String getSha256() { return sha256; }
    public String getBlobKey() { return blobKey; }
    public ModelStatus getStatus() { return status; }
    public String getStatusReason() { return statusReason; }
    public String getInspection() { return inspection; }
    public UUID getParentModelId() { return parentModelId; }
    public UUID getProducedByJobId() { return producedByJobId; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}
