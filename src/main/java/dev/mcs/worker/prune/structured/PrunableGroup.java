package dev.mcs.worker.prune.structured;

import java.util.List;

/**
 * Units that leave the graph together.
 *
 * @param kind {@code channels} or {@code ffn}
 * @param name the producing node
 * @param units how many the producer makes
 * @param producer the producer's weight, its output axis
 * @param cuts every initializer that holds the units, the producer's and terminals' weights included
 * @param depthwise outputs of the depthwise Conv nodes on the way, whose {@code group} attribute follows the kept count
 * @param terminals the layers that read the units
 * @param reshapes one-element shape constants that count the units (attention heads), rewritten to the kept count
 * @param writers a residual stream's group ({@link ResidualStreams}): every Conv that writes the stream, the producer
 *     first, each as its weight's output axis; empty for a group with a single producer
 */
record PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
        List<Terminal> terminals, List<Reshape> reshapes, List<Cut> writers) {

    PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
            List<Terminal> terminals) {
        this(kind, name, units, producer, cuts, depthwise, terminals, List.of(), List.of());
    }

    PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
            List<Terminal> terminals, List<Reshape> reshapes) {
        this(kind, name, units, producer, cuts, depthwise, terminals, reshapes, List.of());
    }

    /** The producers' output axes: the joined writers of a residual stream, else the producer alone. */
    List<Cut> producers() {
        return writers.isEmpty() ? List.of(producer) : writers;
    }

    /** A shape constant (Constant node output or initializer) whose value is units x {@code perUnit}. */
    record Reshape(String tensor, int perUnit) {}
}
