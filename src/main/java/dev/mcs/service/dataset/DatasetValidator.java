package dev.mcs.service.dataset;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.format.npz.NpzFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Checks that an NPZ archive is usable as a dataset: consistent sample axis, integer labels. */
final class DatasetValidator {

    private static final Set<String> INTEGER_TYPES = Set.of("int8", "uint8", "int16", "int32", "int64");

    private DatasetValidator() {}

    static List<NpyArrayInfo> validate(Path file) {
        try (NpzArchive archive = NpzArchive.open(file)) {
            List<NpyArrayInfo> arrays = archive.arrays();
            if (arrays.stream().allMatch(a -> a.name().equals(Dataset.LABELS))) {
                throw invalid("the archive holds no input arrays (only 'labels' or nothing)");
            }
            sampleCount(arrays);
            archive.find(Dataset.LABELS).ifPresent(DatasetValidator::checkLabels);
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

    private static void checkLabels(NpyArrayInfo labels) {
        if (labels.shape().size() != 1 || !INTEGER_TYPES.contains(labels.dtype())) {
            throw invalid("'labels' must be a 1-D integer array, got " + labels.dtype() + " " + labels.shape());
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemType.INVALID_DATASET, detail);
    }
}
