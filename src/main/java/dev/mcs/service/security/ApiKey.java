package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key's record: its hash, never the key. */
@Entity
@Table(name = "api_key")
class ApiKey {

    @Id
    private UUID id;
    private UUID tenantId;
    private String name;
    @Enumerated(EnumType.STRING)
    private Role role;
    private String keyHash;
    private Instant createdAt;
    private Instant lastUsedAt;
    private Instant revokedAt;
    private Instant expiresAt;

    protected ApiKey() {}

    ApiKey(UUID id, UUID tenantId, String name, Role role, String keyHash, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.role = role;
        this.keyHash = keyHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Neither revoked nor past its expiry at {@code now}. */
    boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    UUID getId() { return id; }
    UUID getTenantId() { return tenantId; }
    String getName() { return name; }
    Role getRole() { return role; }
    Instant getCreatedAt() { return createdAt; }
    Instant getLastUsedAt() { return lastUsedAt; }
    Instant getRevokedAt() { return revokedAt; }
    Instant getExpiresAt() { return expiresAt; }
}
