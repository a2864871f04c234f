package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key's record.
 *
 * @param id the key's id (for revoking it)
 * @param tenantId its tenant
 * @param name what it is for
 * @param role what it may do
 * @param createdAt when it was created
 * @param lastUsedAt roughly when it was last used (written in batches)
 * @param revokedAt when it was revoked, null while valid
 * @param expiresAt when it stops working, null if it does not expire
 * @param key the key itself: only in the answer that creates it, null everywhere else
 */
record KeyResponse(UUID id, UUID tenantId, String name, Role role, Instant createdAt, @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt, @Nullable Instant expiresAt,
        @Nullable @Schema(description = "the key; present only in the creation answer, never stored or shown again")
        String key) {

    static KeyResponse of(ApiKey k, String key) {
        return new KeyResponse(k.getId(), k.getTenantId(), k.getName(), k.getRole(), k.getCreatedAt(),
                k.getLastUsedAt(), k.getRevokedAt(), k.getExpiresAt(), key);
    }
}
