package dev.mcs.service.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;

/**
 * A tenant's own limits; a null field keeps the configured default ({@code mcs.quota.*}).
 *
 * @param storageBytes bytes of models and datasets the tenant may store
 * @param concurrentJobs jobs of the tenant that may run at once; more wait in the queue
 * @param queuedJobs jobs the tenant may have waiting; a submission beyond is a 429
 * @param requestsPerSecond sustained API requests per second; bursts up to twice that
 */
@Schema(example = """
        {"storageBytes": 10737418240, "concurrentJobs": 2, "queuedJobs": 20}""")
record LimitOverrides(
        @Nullable @Schema(description = "bytes of models and datasets (uploads and job outputs); null: the default")
        @Min(0) Long storageBytes,
        @Nullable @Schema(description = "jobs running at once; null: the default") @Min(1) Integer concurrentJobs,
        @Nullable @Schema(description = "jobs waiting in the queue; null: the default") @Min(0) Integer queuedJobs,
        @Nullable @Schema(description = "sustained requests per second; null: the default") @Min(1) Integer requestsPerSecond) {

    static final LimitOverrides NONE = new LimitOverrides(null, null, null, null);
}
