package dev.mcs.worker.inspect;

import java.util.List;

/**
 * Outcome of one inference on synthetic inputs; a failure does not make the model invalid.
 *
 * @param succeeded whether the inference ran
 * @param latencyMs latency of one run after one warm-up, {@code null} on failure
 * @param detail inputs used on success, the engine's reason on failure
 * @param inputShape TorchScript: the shape of the guessed input it ran on (null otherwise, and on failure)
 * @param outputShape TorchScript: the shape of its first output on that input (null otherwise, and on failure);
 *     with the input, what the service can tell about a TorchScript model's output before any job runs it
 */
public record SmokeTest(boolean succeeded, Double latencyMs, String detail, List<Long> inputShape,
        List<Long> outputShape) {

    static SmokeTest passed(double latencyMs, String detail) {
        return new SmokeTest(true, latencyMs, detail, null, null);
    }

    static SmokeTest passed(double latencyMs, String detail, List<Long> inputShape, List<Long> outputShape) {
        return new SmokeTest(true, latencyMs, detail, List.copyOf(inputShape), List.copyOf(outputShape));
    }

    static SmokeTest failed(String detail) {
        return new SmokeTest(false, null, detail, null, null);
    }
}
