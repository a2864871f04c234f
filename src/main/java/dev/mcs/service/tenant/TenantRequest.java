package dev.mcs.service.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A new tenant.
 *
 * @param name unique name
 * @param limits optional overrides of the configured default limits
 */
@Schema(example = """
        {"name": "team-vision", "limits": {"storageBytes": 10737418240, "queuedJobs": 20}}""")
record TenantRequest(@NotBlank @Size(max = 200) String name, @Valid LimitOverrides limits) {}
