package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code smoothquant}: activation outliers migrated into the weights, then int8. With
 * {@code activations: static} the smoothed model is quantized as static_int8, which has no weight range
 * or embedding option, so those two fields are refused there rather than ignored.
 *
 * @param method {@code smoothquant}
 * @param perChannel one weight scale per output channel
 * @param weightRange {@code full} (±127) or {@code reduced} (±64); dynamic activations only
 * @param opTypes operator types to quantize
 * @param excludeNodes node names kept in float
 * @param quantizeEmbeddings whether tables feeding Gather are quantized; dynamic activations only
 * @param alpha migration strength in [0, 1], or auto (measured on the calibration data)
 * @param activations {@code dynamic} or {@code static}
 */
@Schema(name = "SmoothQuantParams", description = "smoothquant: SmoothQuant scaling calibrated on the dataset, then int8")
public record SmoothQuantParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "smoothquant") String method,
        @Schema(description = "One weight scale per output channel (default true)") Boolean perChannel,
        @Schema(description = "full (±127, default) or reduced (±64); only with dynamic activations", allowableValues = {"full", "reduced"}) String weightRange,
        @Schema(description = "Operator types to quantize, a non-empty subset of [MatMul, Gemm] (default both)") List<String> opTypes,
        @Schema(description = "Node names kept in float (default none)") List<String> excludeNodes,
        @Schema(description = "Quantize tables feeding Gather (default true); only with dynamic activations") Boolean quantizeEmbeddings,
        @Schema(description = "Migration strength: a number in [0, 1], or \"auto\" (default): candidates are measured on the calibration data and the best kept, never worse than not smoothing") SmoothAlpha alpha,
        @Schema(description = "dynamic (default) or static (the smoothed model is quantized as static_int8)", allowableValues = {"dynamic", "static"}) String activations)
        implements ExcludesNodes {

    public static final String NAME = "smoothquant";
    public static final String STATIC = "static";

    @Override
    public SmoothQuantParams withDefaults() {
        String scheme = or(activations, "dynamic");
        boolean dynamic = !STATIC.equals(scheme);
        return new SmoothQuantParams(method, or(perChannel, true), dynamic ? or(weightRange, "full") : weightRange,
                or(opTypes, Int8Checks.MATMUL_OP_TYPES), or(excludeNodes, List.of()),
                dynamic ? or(quantizeEmbeddings, true) : quantizeEmbeddings, or(alpha, SmoothAlpha.AUTO), scheme);
    }

    @Override
    public void validate(DatasetFacts dataset) {
        ParamChecks.oneOf("activations", activations, List.of("dynamic", STATIC));
        Int8Checks.check(weightRange, opTypes);
        ParamChecks.within("alpha", alpha == null ? null : alpha.fixed(), 0, 1);
        if (STATIC.equals(activations)) {
            refuseWithStatic("weightRange", weightRange);
            refuseWithStatic("quantizeEmbeddings", quantizeEmbeddings);
        }
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("quantization method 'smoothquant' calibrates on data: give a"
                    + " 'datasetId' of an NPZ dataset with the model's inputs");
        }
    }

    /**
     * With dynamic activations the smoothed model is quantized as dynamic_int8 is (embeddings included); with static
     * ones as static_int8 is, over {@code opTypes} only.
     */
    @Override
    public void fit(ModelFacts model) {
        boolean dynamic = !STATIC.equals(activations);
        ModelChecks.rewritesSome(model, NAME, dynamic ? Int8Checks.rewritten(opTypes, quantizeEmbeddings) : opTypes,
                Int8Checks.choosingField(opTypes, Int8Checks.MATMUL_OP_TYPES));
        ModelChecks.namesNodes(model, excludeNodes, dynamic ? Int8Checks.DYNAMIC_CANDIDATES : Int8Checks.MATMUL_OP_TYPES);
    }

    private static void refuseWithStatic(String field, Object value) {
        if (value != null) {
            throw ParamChecks.invalid(field, "'params." + field + "' only applies to activations 'dynamic'; with"
                    + " 'static' the smoothed model is quantized as static_int8, which has no such option", null);
        }
    }

    @Override
    public SmoothQuantParams withExcludeNodes(List<String> nodes) {
        return new SmoothQuantParams(method, perChannel, weightRange, opTypes, List.copyOf(nodes), quantizeEmbeddings,
                alpha, activations);
    }
}
