package dev.mcs.service.tenant;

import java.util.UUID;

/** Published after a tenant's limits changed, so that holders of derived state (rate buckets) rebuild it. */
public record TenantLimitsChanged(UUID tenantId) {}
