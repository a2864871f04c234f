package dev.mcs.worker.engine;

import java.util.List;

/**
 * The inputs both models see.
 *
 * @param samples one input set per sample, each at batch 1
 * @param labels class label per sample, or {@code null}
 * @param source {@code dataset} or {@code synthetic}
 */
public record SampleSet(List<Sample> samples, long[] labels, String source) {

    public Long label(int sample) {
        return labels == null ? null : labels[sample];
    }
}
