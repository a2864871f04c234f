package dev.mcs.worker.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is compared when the two models are not both ONNX: file size and parameter count. Latency and
 * fidelity are measured on one engine for both models, which exists for ONNX only so far; the report
 * says so instead of leaving the numbers out silently.
 *
 * @param original the input model
 * @param compressed the produced model
 * @param notMeasured what was not measured, and why
 */
public record SizeComparison(Sizes original, Sizes compressed, String notMeasured) {

    /**
     * @param sizeBytes file size
     * @param parameterCount stored weight elements, as inspection counts them
     */
    public record Sizes(long sizeBytes, long parameterCount) {}

    public static SizeComparison of(Path original, long originalParameters, Path compressed, long compressedParameters,
            String formats) {
        return new SizeComparison(new Sizes(size(original), originalParameters),
                new Sizes(size(compressed), compressedParameters),
                "latency and fidelity are measured when both models are ONNX; this job turns " + formats);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
