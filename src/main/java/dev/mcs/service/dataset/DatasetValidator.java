package dev.mcs.service.dataset;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.format.npz.NpzFormatException;
import dev.mcs.shared.format.npz.NpzLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Checks that an NPZ archive is usable as a dataset: bounded expansion, consistent sample axis, integer labels,
 * and only finite values (a NaN calibrates nothing and makes every fidelity metric NaN).
 */
final class DatasetValidator {

    private static final Set<String> INTEGER_TYPES = Set.of("int8", "uint8", "int16", "int32", "int64");

    private DatasetValidator() {}

    static List<NpyArrayInfo> validate(Path file, NpzLimits limits) {
        try (NpzArchive archive = NpzArchive.open(file, limits)) {
            List<NpyArrayInfo> arrays = archive.arrays();
            if (arrays.stream().allMatch(a -> a.name().equals(Dataset.LABELS))) {
                throw invalid("the archive holds no input arrays (only 'labels' or nothing)");
            }
            sampleCount(arrays);
            archive.find(Dataset.LABELS).ifPresent(DatasetValidator::checkLabels);
            for (NpyArrayInfo array : arrays) {
                checkFinite(archive, array.name());
            }
            return arrays;
        } catch (NpzFormatException e) {
            throw invalid(e.getMessage());
        } catch (IOException e) {
            throw invalid("not a readable .npz archive: " + e.getMessage());
        }
    }

    static long sampleCount(List<NpyArrayInfo> arrays) {
        if (arrays.stream().anyMatch(a -> a.shape().isEmpty())) {
            throw invalid("every array needs a sample axis; scalars are not allowed");
        }
        List<Long> counts = arrays.stream().map(a -> a.shape().get(0)).distinct().toList();
        if (counts.size() != 1) {
            throw invalid("arrays disagree on the number of samples (first axis): " + arrays.stream()
                    .map(a -> a.name() + "=" + a.shape().get(0)).toList());
        }
        if (counts.get(0) == 0) {
            throw invalid("the dataset has no samples");
        }
        return counts.get(0);
    }

    private static void checkFinite(NpzArchive archive, String name) throws IOException {
        long nonFinite = archive.countNonFinite(name);
        if (nonFinite > 0) {
            throw invalid("array '" + name + "' holds " + nonFinite
                    + " values that are NaN or infinite (as float32); every value must be finite");
        }
    }

    private static void checkLabels(NpyArrayInfo labels) {
        if (labels.shape().size() != 1 || !INTEGER_TYPES.contains(labels.dtype())) {
            throw invalid("'labels' must be a 1-D integer array, got " + labels.dtype() + " " + labels.shape());
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemType.INVALID_DATASET, detail);
    }
}
