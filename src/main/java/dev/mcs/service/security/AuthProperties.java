package dev.mcs.service.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication settings ({@code mcs.auth.*}).
 *
 * @param mode {@code enabled}: every API call needs a key; {@code disabled}: the local mode, every request acts as
 *     the default tenant's admin, refused at start unless the server is bound to a loopback address
 * @param bootstrapKeyFile name of the file in the storage root that receives the first admin key of a fresh
 *     database (mode 600, the key alone)
 * @param lastUsedFlushInterval how often the keys' last-use times are written (one batch, not a write per request)
 */
@Validated
@ConfigurationProperties("mcs.auth")
record AuthProperties(@NotNull Mode mode, @NotBlank String bootstrapKeyFile,
        @NotNull Duration lastUsedFlushInterval) {

    /** Whether keys are required. */
    enum Mode { ENABLED, DISABLED }
}
