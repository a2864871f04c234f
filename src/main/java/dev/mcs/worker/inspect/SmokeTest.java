package dev.mcs.worker.inspect;


/**
 * Outcome of one inference on synthetic inputs; a failure does not make the model invalid.
 *
 * @param succeeded whether the inference ran
 * @param latencyMs latency of one run after one warm-up, {@code null} on failure
 * @param detail inputs used on success, the engine's reason on failure
 */
public record SmokeTest(boolean succeeded, Double latencyMs, String detail) {

    static SmokeTest passed(double latencyMs, String detail) {
        return new SmokeTest(true, latencyMs, detail);
    }

    static SmokeTest failed(String detail) {
        return new SmokeTest(false, null, detail);
    }
}
