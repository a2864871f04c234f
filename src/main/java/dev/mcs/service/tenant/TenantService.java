package dev.mcs.service.tenant;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Entry point of the tenant feature: tenants, their limits, and the storage quota check. */
@Service
public class TenantService {

    private final TenantRepository tenants;
    private final QuotaProperties defaults;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /**
     * Read on every request by the rate limiter. Dropped here when {@link #changeLimits} runs; re-read after
     * {@link #CACHE_TTL} so that a change made through another instance arrives too.
     */
    private final Map<UUID, Cached> cached = new ConcurrentHashMap<>();

    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private record Cached(TenantLimits limits, Instant loadedAt) {}

    TenantService(TenantRepository tenants, QuotaProperties defaults, JdbcTemplate jdbc, TransactionTemplate tx,
            ApplicationEventPublisher events, Clock clock) {
        this.tenants = tenants;
        this.defaults = defaults;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    Tenant create(String name, LimitOverrides limits) {
        return tx.execute(status -> {
            if (tenants.existsByName(name)) {
                throw new ApiException(ProblemType.CONFLICT, "a tenant named '" + name + "' exists already");
            }
            Tenant tenant = new Tenant(UUID.randomUUID(), name, clock.instant());
            tenant.override(limits == null ? LimitOverrides.NONE : limits);
            return tenants.saveAndFlush(tenant);
        });
    }

    public Tenant get(UUID id) {
        return tenants.findById(id).orElseThrow(() -> ApiException.notFound("tenant", id));
    }

    Page<Tenant> list(Pageable pageable) {
        return tenants.findAllByOrderByCreatedAtAscIdAsc(pageable);
    }

    LimitOverrides overrides(Tenant tenant) {
        return tenant.overrides();
    }

    /** Replaces a tenant's overrides; the rate limiter picks the new rate up with the next request. */
    Tenant changeLimits(UUID id, LimitOverrides limits) {
        Tenant changed = tx.execute(status -> {
            Tenant tenant = tenants.findForUpdate(id).orElseThrow(() -> ApiException.notFound("tenant", id));
            tenant.override(limits);
            return tenant;
        });
        cached.remove(id);
        events.publishEvent(new TenantLimitsChanged(id));
        return changed;
    }

    /** The limits in force, cached for {@link #CACHE_TTL}: the rate limiter asks on every request. */
    public TenantLimits limits(UUID id) {
        Instant now = clock.instant();
        Cached entry = cached.get(id);
        if (entry == null || entry.loadedAt().plus(CACHE_TTL).isBefore(now)) {
            entry = new Cached(TenantLimits.of(get(id).overrides(), defaults), now);
            cached.put(id, entry);
        }
        return entry.limits();
    }

    /**
     * Locks the tenant's row for the caller's transaction and returns its limits: checks of a count against a
     * limit (queued jobs, running jobs, stored bytes) then see no concurrent change by the same tenant.
     */
    public TenantLimits lock(UUID id) {
        Tenant tenant = tenants.findForUpdate(id).orElseThrow(() -> ApiException.notFound("tenant", id));
        return TenantLimits.of(tenant.overrides(), defaults);
    }

    /** What a submission meets while the tenant has as many unfinished jobs as it may run at once. */
    public OverConcurrency overConcurrentJobs() {
        return defaults.overConcurrentJobs();
    }

    /** The {@code Retry-After} hint of a submission refused for {@link OverConcurrency#REJECT}. */
    public Duration busyRetryAfter() {
        return defaults.busyRetryAfter();
    }

    /** Inside the transaction that registers {@code addedBytes}: refuses them when the tenant's quota would pass. */
    public void reserveStorage(UUID id, long addedBytes) {
        long limit = lock(id).storageBytes();
        long used = storedBytes(id);
        if (used + addedBytes > limit) {
            throw new ApiException(ProblemType.STORAGE_QUOTA_EXCEEDED, "storing " + addedBytes + " more bytes would"
                    + " pass the tenant's storage quota of " + limit + " bytes (" + used + " in use); delete models"
                    + " or datasets first", Map.of("limitBytes", limit, "usedBytes", used));
        }
    }

    /** Before an upload is read: refuses it at once when the tenant has no room left at all. */
    public void requireRoom(UUID id) {
        long limit = limits(id).storageBytes();
        long used = storedBytes(id);
        if (used >= limit) {
            throw new ApiException(ProblemType.STORAGE_QUOTA_EXCEEDED, "the tenant's storage quota of " + limit
                    + " bytes is used up (" + used + " in use); delete models or datasets first",
                    Map.of("limitBytes", limit, "usedBytes", used));
        }
    }

    /** Bytes of the tenant's models and datasets. */
    public long storedBytes(UUID id) {
        Long used = jdbc.queryForObject("select coalesce((select sum(size_bytes) from model where tenant_id = ?), 0)"
                + " + coalesce((select sum(size_bytes) from dataset where tenant_id = ?), 0)", Long.class, id, id);
        return used == null ? 0 : used;
    }
}
