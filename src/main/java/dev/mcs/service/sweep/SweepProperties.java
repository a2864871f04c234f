package dev.mcs.service.sweep;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Orphan sweep settings.
 *
 * @param interval pause between two sweeps (one instance of a cluster runs each sweep)
 * @param grace how old an unreferenced file must be before it is removed: an upload or a job output is written
 *              before its row is committed, and must not be swept in between
 */
@Validated
@ConfigurationProperties("mcs.sweep")
public record SweepProperties(@NotNull Duration interval, @NotNull Duration grace) {}
