package dev.mcs.service.security;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.mcs.service.tenant.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * A new API key.
 *
 * @param tenantId the tenant whose data the key sees
 * @param name what the key is for, e.g. {@code ci-pipeline}
 * @param role {@code MEMBER} uses the API; {@code ADMIN} also manages tenants and keys
 * @param expiresAt when the key stops working; null or absent: it works until it is revoked
 */
@Schema(example = """
        {"tenantId": "4a7c2e19-8b3d-4f60-a5e2-9d1c0b8f7e36", "name": "ci-pipeline", "role": "MEMBER",
         "expiresAt": "2027-06-30T00:00:00Z"}""")
record KeyRequest(@NotNull UUID tenantId, @NotBlank @Size(max = 200) String name, @NotNull Role role,
        @Schema(description = "when the key stops working (must be in the future); absent or null: until revoked")
        Instant expiresAt) {}
