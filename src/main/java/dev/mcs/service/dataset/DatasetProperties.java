package dev.mcs.service.dataset;

import dev.mcs.shared.format.npz.NpzLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a dataset upload may expand to once its archive is inflated.
 *
 * @param maxExpandedSize largest total uncompressed size of a dataset's arrays
 * @param maxCompressionRatio largest uncompressed/compressed ratio of one array entry (a zip bomb's signature)
 * @param ratioCheckFrom uncompressed size of an entry from which its compression ratio is checked
 */
@Validated
@ConfigurationProperties("mcs.datasets")
public record DatasetProperties(
        @NotNull DataSize maxExpandedSize,
        @Min(1) long maxCompressionRatio,
        @NotNull DataSize ratioCheckFrom) {

    NpzLimits limits() {
        return new NpzLimits(maxExpandedSize.toBytes(), maxCompressionRatio, ratioCheckFrom.toBytes());
    }
}
