package dev.mcs.service.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant as the admin API shows it.
 *
 * @param id the tenant's id, named when creating its keys
 * @param name unique name
 * @param overrides the tenant's own limits (null fields: the default applies)
 * @param limits the limits in force
 * @param storedBytes bytes of its models and datasets now
 * @param createdAt when it was created
 */
record TenantResponse(UUID id, String name, LimitOverrides overrides, TenantLimits limits, long storedBytes,
        Instant createdAt) {}
