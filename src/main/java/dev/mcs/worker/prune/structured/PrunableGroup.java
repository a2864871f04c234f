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
 */
record PrunableGroup(String kind, String name, int units, Cut producer, List<Cut> cuts, List<String> depthwise,
        List<Terminal> terminals) {}
