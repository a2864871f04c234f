package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import dev.mcs.service.tenant.TenantPrincipal;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates, lists, revokes and checks API keys. */
@Service
class ApiKeys {

    /** A key as created: the record, and the key itself, which is shown this once and never stored. */
    record Created(ApiKey record, String key) {}

    private final ApiKeyRepository keys;
    private final TenantService tenants;
    private final LastUse lastUse;
    private final TransactionTemplate tx;
    private final Clock clock;
    /**
     * The tenant of each key that authenticated, by the key's hash. A key never changes tenant, so this never goes
     * stale; it lets a tenant over its rate limit be refused before its key is looked up in the database.
     */
    private final Map<String, UUID> tenantByHash = new ConcurrentHashMap<>();

    ApiKeys(ApiKeyRepository keys, TenantService tenants, LastUse lastUse, TransactionTemplate tx, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.lastUse = lastUse;
        this.tx = tx;
        this.clock = clock;
    }

    Created create(KeyRequest request) {
        tenants.get(request.tenantId());
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "expiresAt " + request.expiresAt()
                    + " is not in the future (now " + now + ")", Map.of("field", "expiresAt"));
        }
        String key = KeyMaterial.newKey();
        ApiKey saved = tx.execute(status -> keys.saveAndFlush(new ApiKey(UUID.randomUUID(), request.tenantId(),
                request.name().strip(), request.role(), KeyMaterial.hash(key), now, request.expiresAt())));
        return new Created(saved, key);
    }

    Page<ApiKey> list(UUID tenantId, Pageable pageable) {
        return tenantId == null ? keys.findAllByOrderByCreatedAtAscIdAsc(pageable)
                : keys.findByTenantIdOrderByCreatedAtAscIdAsc(tenantId, pageable);
    }

    ApiKey revoke(UUID id) {
        return tx.execute(status -> {
            ApiKey key = keys.findById(id).orElseThrow(() -> ApiException.notFound("API key", id));
            key.revoke(clock.instant());
            return key;
        });
    }

    /**
     * The caller a presented key stands for; empty for an unknown, revoked or expired key.
     *
     * @param hash the presented key's {@link KeyMaterial#hash}
     */
    Optional<TenantPrincipal> authenticate(String hash) {
        return keys.findByKeyHash(hash)
                .filter(key -> key.validAt(clock.instant()))
                .map(key -> {
                    tenantByHash.put(hash, key.getTenantId());
                    lastUse.record(key.getId(), clock.instant());
                    return new TenantPrincipal(key.getTenantId(), key.getId(), key.getName(), key.getRole());
                });
    }

    /**
     * The tenant of a presented key that authenticated before in this instance, without a database lookup.
     *
     * @param hash the presented key's {@link KeyMaterial#hash}
     */
    Optional<UUID> knownTenant(String hash) {
        return Optional.ofNullable(tenantByHash.get(hash));
    }

    boolean anyExists() {
        return keys.count() > 0;
    }
}
