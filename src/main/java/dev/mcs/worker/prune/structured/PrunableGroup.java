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
 */
record PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
        List<Terminal> terminals, List<Reshape> reshapes) {

    PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
            List<Terminal> terminals) {
        this(kind, name, units, producer, cuts, depthwise, terminals, List.of());
    }

    /** A shape constant (Constant node output or initializer) whose value is units x {@code perUnit}. */
    record Reshape(String tensor, int perUnit) {}
}
