package dev.mcs.worker.prune.mask;

import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code magnitude} on a TorchScript module. Its parameters carry module paths ({@code features.0.weight}) but no
 * operator types, so a weight's rank stands for its layer: rank 2 is a Linear weight (opTypes Gemm or MatMul), rank
 * 3 to 5 a Conv weight (Conv). Rank-1 parameters (biases, normalization scales) are never pruned; an
 * {@code nn.Embedding} table has rank 2 too and is pruned with the Linear weights unless excluded by its module.
 * {@code excludeNodes} names modules ({@code features.0}).
 */
public final class TorchScriptMasks {

    /**
     * One parameter of the module.
     *
     * @param name its path, e.g. {@code features.0.weight}
     * @param rank its number of dimensions
     * @param values its elements
     */
    public record Weight(String name, int rank, float[] values) {

        /** The module that owns it: the path without its last part. */
        String module() {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        boolean selectedBy(List<String> opTypes) {
            boolean linear = rank == 2 && (opTypes.contains(OpTypes.GEMM) || opTypes.contains(OpTypes.MATMUL));
            return linear || (rank >= 3 && rank <= 5 && opTypes.contains(OpTypes.CONV));
        }
    }

    /** An {@code excludeNodes} entry that is no module owning a weight the method could prune. */
    public static final class UnknownModules extends Exception {
        UnknownModules(String message) {
            super(message);
        }
    }

    private TorchScriptMasks() {}

    /** Masks (true = kept) by parameter name; empty when no parameter is selected. */
    public static Map<String, boolean[]> magnitude(List<Weight> parameters, MagnitudeParams params)
            throws UnknownModules {
        Set<String> modules = new LinkedHashSet<>();
        parameters.stream().filter(w -> w.rank() >= 2).forEach(w -> modules.add(w.module()));
        List<String> unknown = params.excludeNodes().stream().filter(name -> !modules.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownModules("'excludeNodes' names " + unknown + ", which own no weight of rank 2 or more in"
                    + " this TorchScript module (its entries are module paths); its modules with weights are "
                    + modules);
        }
        Map<String, float[]> selected = new LinkedHashMap<>();
        for (Weight w : parameters) {
            if (w.selectedBy(params.opTypes()) && !params.excludeNodes().contains(w.module())) {
                selected.put(w.name(), w.values());
            }
        }
        return MagnitudeMasks.choose(selected, params.sparsity(), params.scope());
    }
}
