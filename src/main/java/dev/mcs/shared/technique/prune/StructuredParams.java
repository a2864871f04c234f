package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@code structured}: whole units (Conv output channels, FFN neurons, attention heads) removed from the
 * graph.
 *
 * @param method {@code structured}
 * @param sparsity the share of prunable units removed, ranked globally across layers
 * @param groups the kinds of units to remove; absent: every kind found
 * @param criterion how a unit's importance is scored: {@code magnitude} (weights) or {@code activation} (variance of
 *     its output on calibration data times its outgoing weights, needs a dataset)
 * @param recovery optional training against the original model afterwards
 */
@Schema(name = "StructuredParams", description = "structured: removes whole channels, FFN neurons and attention heads")
public record StructuredParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = NAME) String method,
        @Schema(description = "Share of prunable units removed, in (0, 1) (default 0.25)", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double sparsity,
        @Schema(description = "Kinds of units removed: channels, ffn, heads (default: every kind found)") List<String> groups,
        @Schema(description = "Importance score (default magnitude); 'taylor' is not available yet", allowableValues = {"magnitude", "activation"}) String criterion,
        @Schema(description = "Training against the original model after pruning (needs a dataset)") RecoverySpec recovery)
        implements MethodParams {

    public static final String NAME = "structured";
    public static final String CHANNELS = "channels";
    public static final String FFN = "ffn";
    public static final String HEADS = "heads";
    static final List<String> GROUPS = List.of(CHANNELS, FFN, HEADS);
    static final List<String> CRITERIA = List.of("magnitude", "activation", "taylor");
    static final List<String> AVAILABLE_CRITERIA = List.of("magnitude", "activation");
    /**
     * Operators without which a kind of unit cannot exist: channels are Conv outputs, FFN neurons Gemm or MatMul
     * outputs, and attention heads are found from a Softmax feeding a MatMul (each list: one of them is needed).
     */
    static final Map<String, List<List<String>>> NEEDED = Map.of(
            CHANNELS, List.of(List.of(OpTypes.CONV)),
            FFN, List.of(List.of(OpTypes.GEMM, OpTypes.MATMUL)),
            HEADS, List.of(List.of(OpTypes.MATMUL), List.of(OpTypes.SOFTMAX)));

    @Override
    public StructuredParams withDefaults() {
        return new StructuredParams(method, Sparsity.or(sparsity, 0.25), Sparsity.or(groups, GROUPS),
                Sparsity.or(criterion, "magnitude"), recovery == null ? null : recovery.withDefaults());
    }

    @Override
    public void validate(DatasetFacts dataset) {
        Sparsity.check(sparsity);
        ParamChecks.subsetOf("groups", groups, GROUPS, true);
        ParamChecks.oneOf("criterion", criterion, CRITERIA);
        if (!AVAILABLE_CRITERIA.contains(criterion)) {
            throw ParamChecks.invalid("criterion", "'params.criterion' '" + criterion + "' (gradient x weight) is not"
                    + " available yet; available: " + AVAILABLE_CRITERIA, AVAILABLE_CRITERIA);
        }
        if ("activation".equals(criterion) && !dataset.present()) {
            throw ParamChecks.datasetRequired("criterion 'activation' scores units on calibration data: give a"
                    + " 'datasetId', or use criterion 'magnitude'");
        }
        Recovery.check(recovery, dataset);
    }

    /**
     * With every kind asked for (the default), the model needs one kind that can exist; a narrowed {@code groups} must
     * not name a kind the model cannot have, which would otherwise be silently left out.
     */
    @Override
    public void fit(ModelFacts model) {
        if (groups.containsAll(GROUPS)) {
            ModelChecks.needsSome(model, List.of(OpTypes.CONV, OpTypes.GEMM, OpTypes.MATMUL), "params.method",
                    "method 'structured' removes Conv channels and the outputs of Gemm or MatMul layers, and the model"
                            + " has none");
            return;
        }
        for (String group : groups) {
            for (List<String> needed : NEEDED.get(group)) {
                ModelChecks.needsSome(model, needed, "params.groups", "'params.groups' names '" + group
                        + "', which needs a node of " + needed + ", and the model has none");
            }
        }
    }
}
