package dev.mcs.service.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A validated NPZ archive in the blob store. */
@Entity
@Table(name = "dataset")
public class Dataset {

    /** Name of the optional array that holds one integer class label per sample. */
    public static final String LABELS = "labels";

    @Id
    private UUID id;

    private UUID tenantId;

    private String name;

    private long sizeBytes;

    private String sha256;

    private String blobKey;

    private long sampleCount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String arrays;

    private boolean hasLabels;

    private Instant createdAt;

    protected Dataset() {}

    Dataset(UUID id, UUID tenantId, String name, long sizeBytes, String sha256, String blobKey, long sampleCount, String arrays,
            boolean hasLabels, Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.blobKey = blobKey;
        this.sampleCount = sampleCount;
        this.arrays = arrays;
        this.hasLabels = hasLabels;
        this.createdAt = createdAt;
    }

    public UUID getId() { return id; }
    public UUID getTenantId() { return tenantId; }
    public String getName() { return name; }
    public long getSizeBytes() { return sizeBytes; }
    public String getSha256() { return sha256; }
    public String getBlobKey() { return blobKey; }
    public long getSampleCount() { return sampleCount; }
    public String getArrays() { return arrays; }
    public boolean isHasLabels() { return hasLabels; }
    public Instant getCreatedAt() { return createdAt; }
}
