package dev.mcs.worker;

/**
 * Measurement settings handed to a worker.
 *
 * @param warmupRuns untimed runs per model before timing starts
 * @param timedRuns timed runs per model, interleaved between the two models
 * @param intraOpThreads engine thread count used for every timed run
 * @param maxSamples at most this many dataset samples are used for fidelity
 * @param syntheticSamples number of synthetic samples when no dataset is given
 * @param seed seed for synthetic inputs, so that runs are repeatable
 */
public record EvaluationSettings(
        int warmupRuns, int timedRuns, int intraOpThreads, int maxSamples, int syntheticSamples, long seed) {

    /** Defaults used by tests and when nothing is configured. */
    public static EvaluationSettings defaults() {
        return new EvaluationSettings(10, 50, 1, 256, 32, 42L);
    }
}
