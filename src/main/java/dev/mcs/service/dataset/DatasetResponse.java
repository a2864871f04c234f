package dev.mcs.service.dataset;

import dev.mcs.shared.format.npz.NpyArrayInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dataset as the API shows it.
 *
 * @param id dataset id
 * @param name display name
 * @param sizeBytes archive size
 * @param sha256 SHA-256 of the archive
 * @param sampleCount length of the shared first axis
 * @param arrays name, dtype and shape of every array
 * @param hasLabels whether a {@code labels} array is present
 * @param createdAt upload time
 */
public record DatasetResponse(UUID id, String name, long sizeBytes, String sha256, long sampleCount,
        List<NpyArrayInfo> arrays, boolean hasLabels, Instant createdAt) {}
