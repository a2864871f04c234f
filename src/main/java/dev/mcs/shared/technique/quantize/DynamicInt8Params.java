package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code dynamic_int8}: int8 weights, activations quantized at run time (ONNX Runtime's
 * {@code quantize_dynamic} scheme).
 *
 * @param method {@code dynamic_int8}
 * @param perChannel one weight scale per output channel (else one per tensor)
 * @param weightRange {@code full} (±127) or {@code reduced} (±64)
 * @param opTypes operator types to quantize
 * @param excludeNodes node names kept in float
 * @param quantizeEmbeddings whether tables feeding Gather are quantized too
 */
@Schema(name = "DynamicInt8Params", description = "dynamic_int8: int8 weights, activations quantized at run time")
public record DynamicInt8Params(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "dynamic_int8") String method,
        @Schema(description = "One weight scale per output channel (default true)") Boolean perChannel,
        @Schema(description = "full (±127, default) or reduced (±64)", allowableValues = {"full", "reduced"}) String weightRange,
        @Schema(description = "Operator types to quantize, a non-empty subset of [MatMul, Gemm] (default both)") List<String> opTypes,
        @Schema(description = "Node names kept in float (default none)") List<String> excludeNodes,
        @Schema(description = "Quantize tables feeding Gather (default true)") Boolean quantizeEmbeddings)
        implements ExcludesNodes {

    public static final String NAME = "dynamic_int8";
    /** The operator types it can quantize by weight (embedding lookups come on top). */
    public static final List<String> OP_TYPES = Int8Checks.MATMUL_OP_TYPES;
    /** The nodes it can quantize, and so keep in float by name: MatMul, Gemm and Gather. */
    public static final List<String> CANDIDATE_OP_TYPES = Int8Checks.DYNAMIC_CANDIDATES;

    @Override
    public DynamicInt8Params withDefaults() {
        return new DynamicInt8Params(method, or(perChannel, true), or(weightRange, "full"),
                or(opTypes, Int8Checks.MATMUL_OP_TYPES), or(excludeNodes, List.of()), or(quantizeEmbeddings, true));
    }

    @Override
    public void validate(DatasetFacts dataset) {
        Int8Checks.check(weightRange, opTypes);
    }

    @Override
    public void fit(ModelFacts model) {
        ModelChecks.rewritesSome(model, NAME, Int8Checks.rewritten(opTypes, quantizeEmbeddings),
                Int8Checks.choosingField(opTypes, OP_TYPES));
        ModelChecks.namesNodes(model, excludeNodes, CANDIDATE_OP_TYPES);
    }

    @Override
    public DynamicInt8Params withExcludeNodes(List<String> nodes) {
        return new DynamicInt8Params(method, perChannel, weightRange, opTypes, List.copyOf(nodes), quantizeEmbeddings);
    }
}
