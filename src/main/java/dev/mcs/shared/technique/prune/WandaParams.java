package dev.mcs.shared.technique.prune;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code wanda}: the weights of MatMul and Gemm layers with the smallest |W| x ||X|| (X: the layer's
 * input on calibration data, padding positions excluded) set to zero, compared within each output neuron.
 *
 * @param method {@code wanda}
 * @param sparsity with pattern {@code unstructured}: the share of each output neuron's weights set to zero
 * @param pattern {@code unstructured}, or {@code 2:4} / {@code 4:8} (half of every 4 or 8 consecutive inputs)
 * @param excludeNodes node names whose weights are kept
 * @param recovery optional training against the original model, the zeros held
 */
@Schema(name = "WandaParams", description = "wanda: zeroes weights by |W| x input norm on calibration data")
public record WandaParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = NAME) String method,
        @Schema(description = "Share of weights set to zero with pattern unstructured, in (0, 1) (default 0.5); fixed at 0.5 by the N:M patterns", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double sparsity,
        @Schema(description = "Sparsity pattern (default unstructured)", allowableValues = {"unstructured", "2:4", "4:8"}) String pattern,
        @Schema(description = "Names of nodes whose weights are kept (default none)") List<String> excludeNodes,
        @Schema(description = "Refit each layer's kept weights to the calibration inputs after masking (SparseGPT's update on wanda's mask), so the layer's outputs move less; false: wanda as published, weights only zeroed (default true)") Boolean refit,
        @Schema(description = "Training against the original model after pruning, zeros held") RecoverySpec recovery)
        implements MethodParams {

    public static final String NAME = "wanda";
    public static final String UNSTRUCTURED = "unstructured";
    static final List<String> PATTERNS = List.of(UNSTRUCTURED, "2:4", "4:8");
    /** The layers wanda masks: MatMul and Gemm with a constant 2-D weight. */
    public static final List<String> OP_TYPES = List.of(OpTypes.GEMM, OpTypes.MATMUL);

    @Override
    public WandaParams withDefaults() {
        String filled = Sparsity.or(pattern, UNSTRUCTURED);
        return new WandaParams(method, UNSTRUCTURED.equals(filled) ? Sparsity.or(sparsity, 0.5) : sparsity, filled,
                Sparsity.or(excludeNodes, List.of()), Sparsity.or(refit, true),
                recovery == null ? null : recovery.withDefaults());
    }

    @Override
    public void validate(DatasetFacts dataset) {
        ParamChecks.oneOf("pattern", pattern, PATTERNS);
        if (!UNSTRUCTURED.equals(pattern) && sparsity != null) {
            throw ParamChecks.invalid("sparsity", "'params.sparsity' is fixed at 0.5 by pattern '" + pattern
                    + "'; leave it out, or use pattern 'unstructured'", null);
        }
        Sparsity.check(sparsity);
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("'wanda' weighs each weight by its input's norm on calibration data:"
                    + " give a 'datasetId' with the model's inputs");
        }
        Recovery.checkSteps(recovery, pattern);
        Recovery.checkMasks(recovery, dataset);
    }

    /** The worker masks (and matches {@code excludeNodes} against) MatMul and Gemm nodes only. */
    @Override
    public void fit(ModelFacts model) {
        ModelChecks.rewritesSome(model, NAME, OP_TYPES, "params.method");
        ModelChecks.namesNodes(model, excludeNodes, OP_TYPES);
    }

    /**
     * DJL's libtorch binding runs a TorchScript module's methods and reads its parameters, but has no forward hooks and
     * no access to submodules, so the inputs of inner layers, which wanda weighs by, cannot be seen.
     */
    @Override
    public String formatRefusal(ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT ? "wanda weighs each weight by the norm of its layer's input on"
                + " calibration data, and a TorchScript module run from Java shows only its outputs, not the inputs of"
                + " its inner layers" : null;
    }

    /** Kept weights per group of the N:M pattern, e.g. 2 for {@code 2:4}; 0 for {@code unstructured}. */
    public int keptPerGroup() {
        return UNSTRUCTURED.equals(pattern) ? 0 : Integer.parseInt(pattern.substring(0, pattern.indexOf(':')));
    }

    /** Group size of the N:M pattern, e.g. 4 for {@code 2:4}; 0 for {@code unstructured}. */
    public int groupSize() {
        return UNSTRUCTURED.equals(pattern) ? 0 : Integer.parseInt(pattern.substring(pattern.indexOf(':') + 1));
    }
}
