package dev.mcs.service.tenant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A customer of the service; a null limit means the configured default. */
@Entity
@Table(name = "tenant")
public class Tenant {

    /** Owns the rows that existed before tenancy, the first admin key, and all requests in the local mode. */
    public static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Id
    private UUID id;
    private String name;
    private Long maxStorageBytes;
    private Integer maxConcurrentJobs;
    private Integer maxQueuedJobs;
    private Integer requestsPerSecond;
    private Instant createdAt;

    protected Tenant() {}

    Tenant(UUID id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    void override(LimitOverrides limits) {
        this.maxStorageBytes = limits.storageBytes();
        this.maxConcurrentJobs = limits.concurrentJobs();
        this.maxQueuedJobs = limits.queuedJobs();
        this.requestsPerSecond = limits.requestsPerSecond();
    }

    LimitOverrides overrides() {
        return new LimitOverrides(maxStorageBytes, maxConcurrentJobs, maxQueuedJobs, requestsPerSecond);
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public Instant getCreatedAt() { return createdAt; }
}
