package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A new API key.
 *
 * @param tenantId the tenant whose data the key sees
 * @param name what the key is for, e.g. {@code ci-pipeline}
 * @param role {@code MEMBER} uses the API; {@code ADMIN} also manages tenants and keys
 */
record KeyRequest(@NotNull UUID tenantId, @NotBlank @Size(max = 200) String name, @NotNull Role role) {}
