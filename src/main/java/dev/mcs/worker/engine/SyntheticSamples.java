package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic samples for evaluation without a dataset; one seeded generator makes runs repeatable. */
public final class SyntheticSamples {

    static final String SOURCE = "synthetic";

    private SyntheticSamples() {}

    public static SampleSet create(Map<String, NodeInfo> inputs, int count, long seed) {
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count); i++) {
            samples.add(SyntheticInputs.sample(inputs, random));
        }
        return new SampleSet(List.copyOf(samples), null, SOURCE);
    }
}
