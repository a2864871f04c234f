package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code magnitude}: the smallest weights by absolute value set to zero.
 *
 * @param method {@code magnitude}
 * @param sparsity the share of each pruned tensor's weights (scope {@code layer}) or of all of them together (scope
 *     {@code global}) set to zero
 * @param scope {@code global} (one threshold over all selected weights, the default) or {@code layer}
 * @param opTypes operator types whose weights are pruned
 * @param excludeNodes node names whose weights are kept
 * @param recovery optional training against the original model, the zeros held
 */
@Schema(name = "MagnitudeParams", description = "magnitude: zeroes the smallest weights")
public record MagnitudeParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = NAME) String method,
        @Schema(description = "Share of weights set to zero, in (0, 1) (default 0.5)", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double sparsity,
        @Schema(description = "Threshold over all pruned tensors together, or per tensor (default global)", allowableValues = {"layer", "global"}) String scope,
        @Schema(description = "Operator types whose weights are pruned (default [Conv, Gemm, MatMul])") List<String> opTypes,
        @Schema(description = "Names of nodes whose weights are kept (default none)") List<String> excludeNodes,
        @Schema(description = "Training against the original model after pruning, zeros held (needs a dataset)") RecoverySpec recovery)
        implements MethodParams {

    public static final String NAME = "magnitude";
    public static final List<String> OP_TYPES = List.of(OpTypes.CONV, OpTypes.GEMM, OpTypes.MATMUL);
    static final List<String> SCOPES = List.of("layer", "global");
    /**
     * One threshold over all selected weights. Measured with recovery on the digits CNNs, MobileNet and ResNet as
     * TorchScript (50 %: the MobileNet 98.33 % with {@code layer}, 99.44 % global; 90 %: 98.33 → 98.89 % and
     * 98.33 → 99.17 %), and without recovery on three encoders at 20 % (cosine 0.9735 → 0.9768, 0.9852 → 0.9919;
     * bge 0.9889 → 0.9819, the one loss); docs/pruning.md.
     */
    static final String DEFAULT_SCOPE = "global";

    @Override
    public MagnitudeParams withDefaults() {
        return new MagnitudeParams(method, Sparsity.or(sparsity, 0.5), Sparsity.or(scope, DEFAULT_SCOPE),
                Sparsity.or(opTypes, OP_TYPES), Sparsity.or(excludeNodes, List.of()),
                recovery == null ? null : recovery.withDefaults());
    }

    /** The worker prunes (and matches {@code excludeNodes} against) nodes of {@code opTypes} only. */
    @Override
    public void fit(ModelFacts model) {
        ModelChecks.rewritesSome(model, NAME, opTypes, opTypes.equals(OP_TYPES) ? "params.method" : "params.opTypes");
        ModelChecks.namesNodes(model, excludeNodes, opTypes);
        Recovery.fitOutputKind(recovery, model);
    }

    @Override
    public void validate(DatasetFacts dataset) {
        Sparsity.check(sparsity);
        ParamChecks.oneOf("scope", scope, SCOPES);
        ParamChecks.subsetOf("opTypes", opTypes, OP_TYPES, true);
        Recovery.checkMasks(recovery, dataset);
    }
}
