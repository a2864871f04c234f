package dev.mcs.service.security;

import dev.mcs.service.tenant.TenantLimits;
import dev.mcs.service.tenant.TenantLimitsChanged;
import dev.mcs.service.tenant.TenantService;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each tenant's requests per second, as a Bucket4j token bucket per tenant in this instance (n instances allow n
 * times the rate). Buckets are lock-free and separate, so a tenant over its limit costs the others nothing but
 * the 429s it is answered.
 */
@Component
class RateBuckets {

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final TenantService tenants;

    RateBuckets(TenantService tenants) {
        this.tenants = tenants;
    }

    ConsumptionProbe tryConsume(UUID tenantId) {
        return buckets.computeIfAbsent(tenantId, this::bucket).tryConsumeAndReturnRemaining(1);
    }

    @EventListener
    void forget(TenantLimitsChanged event) {
        buckets.remove(event.tenantId());
    }

    private Bucket bucket(UUID tenantId) {
        TenantLimits limits = tenants.limits(tenantId);
        return Bucket.builder().addLimit(limit -> limit.capacity(limits.burst())
                .refillGreedy(limits.requestsPerSecond(), Duration.ofSeconds(1))).build();
    }
}
