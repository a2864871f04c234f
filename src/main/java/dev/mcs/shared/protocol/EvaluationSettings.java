package dev.mcs.shared.protocol;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How workers measure models: bound from {@code mcs.evaluation} in the service and handed to each worker
 * in its task file.
 *
 * @param warmupRuns untimed runs per model before timing starts
 * @param timedRuns timed runs per model, interleaved between the two models
 * @param intraOpThreads engine thread count used for every timed run, fixed so that results compare
 * @param maxSamples at most this many dataset samples are used for fidelity and calibration
 * @param syntheticSamples number of synthetic samples when no dataset is given
 * @param seed seed for synthetic inputs, so that runs are repeatable
 */
@ConfigurationProperties("mcs.evaluation")
@Validated
public record EvaluationSettings(
        @Min(0) int warmupRuns,
        @Positive int timedRuns,
        @Positive int intraOpThreads,
        @Positive int maxSamples,
        @Positive int syntheticSamples,
        long seed) {

    /** Defaults used by tests and when nothing is configured. */
    public static EvaluationSettings defaults() {
        return new EvaluationSettings(10, 50, 1, 256, 32, 42L);
    }
}
