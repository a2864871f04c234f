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
 * @param scope {@code layer} or {@code global}
 * @param opTypes operator types whose weights are pruned
 * @param excludeNodes node names whose weights are kept
 * @param recovery optional training against the original model, the zeros held
 */
@Schema(name = "MagnitudeParams", description = "magnitude: zeroes the smallest weights")
public record MagnitudeParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = NAME) String method,
        @Schema(description = "Share of weights set to zero, in (0, 1) (default 0.5)", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double sparsity,
        @Schema(description = "Threshold per tensor or over all pruned tensors (default layer)", allowableValues = {"layer", "global"}) String scope,
        @Schema(description = "Operator types whose weights are pruned (default [Conv, Gemm, MatMul])") List<String> opTypes,
        @Schema(description = "Names of nodes whose weights are kept (default none)") List<String> excludeNodes,
        @Schema(description = "Training against the original model after pruning, zeros held (needs a dataset)") RecoverySpec recovery)
        implements MethodParams {

    public static final String NAME = "magnitude";
    public static final List<String> OP_TYPES = List.of(OpTypes.CONV, OpTypes.GEMM, OpTypes.MATMUL);
    static final List<String> SCOPES = List.of("layer", "global");

    @Override
    public MagnitudeParams withDefaults() {
        return new MagnitudeParams(method, Sparsity.or(sparsity, 0.5), Sparsity.or(scope, "layer"),
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
