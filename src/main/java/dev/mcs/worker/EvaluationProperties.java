package dev.mcs.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How workers measure models; passed to each worker as {@link EvaluationSettings}.
 *
 * @param warmupRuns untimed runs per model before timing
 * @param timedRuns timed runs per model, interleaved between original and compressed
 * @param intraOpThreads engine threads for timed runs, fixed so results compare
 * @param maxSamples most dataset samples used for fidelity
 * @param syntheticSamples synthetic samples used when a job has no dataset
 * @param seed seed of synthetic inputs
 */
@ConfigurationProperties("mcs.evaluation")
public record EvaluationProperties(
        int warmupRuns, int timedRuns, int intraOpThreads, int maxSamples, int syntheticSamples, long seed) {

    public EvaluationSettings toSettings() {
        return new EvaluationSettings(warmupRuns, timedRuns, intraOpThreads, maxSamples, syntheticSamples, seed);
    }
}
