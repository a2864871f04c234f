package dev.mcs.service.security;

import dev.mcs.service.tenant.TenantLimits;
import dev.mcs.service.tenant.TenantLimitsChanged;
import dev.mcs.service.tenant.TenantService;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each tenant's requests per second, as a Bucket4j token bucket per tenant in this instance (n instances allow n
 * times the rate). Buckets are separate per tenant, so a tenant over its limit costs the others nothing but
 * the 429s it is answered.
 */
@Component
class RateBuckets {

    private final Map<UUID, Limited> buckets = new ConcurrentHashMap<>();
    private final TenantService tenants;

    RateBuckets(TenantService tenants) {
        this.tenants = tenants;
    }

    /** A bucket and the limits it was built for. */
    private record Limited(TenantLimits limits, Bucket bucket) {}

    /** Takes one token; a bucket whose tenant's limits changed (here or on another instance) is rebuilt full. */
    ConsumptionProbe tryConsume(UUID tenantId) {
        return current(tenantId).tryConsumeAndReturnRemaining(1);
    }

    /**
     * How long until the tenant's bucket holds a token again, without taking one; zero when it holds one now.
     */
    long nanosUntilAToken(UUID tenantId) {
        EstimationProbe probe = current(tenantId).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private Bucket current(UUID tenantId) {
        TenantLimits limits = tenants.limits(tenantId);
        return buckets.compute(tenantId,
                (id, existing) -> existing != null && existing.limits().equals(limits) ? existing : bucket(limits))
                .bucket();
    }

    @EventListener
    void forget(TenantLimitsChanged event) {
        buckets.remove(event.tenantId());
    }

    private static Limited bucket(TenantLimits limits) {
        return new Limited(limits, Bucket.builder().addLimit(limit -> limit.capacity(limits.burst())
                .refillGreedy(limits.requestsPerSecond(), Duration.ofSeconds(1))).build());
    }
}
