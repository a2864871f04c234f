package dev.mcs.shared.technique;

import java.util.List;
import java.util.Map;

/**
 * What a method's submission checks know about the job's model, from its stored inspection. Either part may be
 * unknown (null): a model still being inspected, a TorchScript model, or an inspection written before node names
 * were recorded; an unknown part is not checked, and the worker finds what it would have refused.
 *
 * @param opCounts node count per operator type of the main graph, ops of other domains as {@code domain:op}
 * @param nodeNames labels (see {@link OpTypes#label}) of the main graph's nodes per type of {@link OpTypes#NAMED}
 */
public record ModelFacts(Map<String, Integer> opCounts, Map<String, List<String>> nodeNames) {

    /** A model whose inspection tells nothing (yet). */
    public static final ModelFacts UNKNOWN = new ModelFacts(null, null);

    public ModelFacts {
        opCounts = opCounts == null ? null : Map.copyOf(opCounts);
        nodeNames = nodeNames == null ? null : Map.copyOf(nodeNames);
    }
}
