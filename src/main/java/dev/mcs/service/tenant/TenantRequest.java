package dev.mcs.service.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A new tenant.
 *
 * @param name unique name
 * @param limits optional overrides of the configured default limits
 */
record TenantRequest(@NotBlank @Size(max = 200) String name, @Valid LimitOverrides limits) {}
