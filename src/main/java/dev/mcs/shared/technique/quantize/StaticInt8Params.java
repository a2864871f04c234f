package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code static_int8}: QDQ int8 with activation ranges calibrated on the dataset.
 *
 * @param method {@code static_int8}
 * @param calibration range estimation: {@code auto} (measure the others on the calibration data, keep the best),
 *                    {@code minmax}, {@code percentile} or {@code entropy}
 * @param percentile the percentile of {@code percentile} calibration, in [90, 100]
 * @param perChannel one weight scale per output channel
 * @param opTypes operator types to quantize
 * @param excludeNodes node names kept in float
 */
@Schema(name = "StaticInt8Params", description = "static_int8: QDQ int8 with activation ranges calibrated on the dataset")
public record StaticInt8Params(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "static_int8") String method,
        @Schema(description = "Range estimation (default auto: each estimator is measured on the calibration data and the best kept)", allowableValues = {"auto", "minmax", "percentile", "entropy"}) String calibration,
        @Schema(description = "With calibration percentile: the percentile in [90, 100] (default 99.999)", minimum = "90", maximum = "100") Double percentile,
        @Schema(description = "One weight scale per output channel (default true)") Boolean perChannel,
        @Schema(description = "Operator types to quantize, a non-empty subset of [Conv, MatMul, Gemm] (default all)") List<String> opTypes,
        @Schema(description = "Node names kept in float (default none)") List<String> excludeNodes)
        implements ExcludesNodes {

    public static final String NAME = "static_int8";
    /** The operator types it can quantize, and so keep in float by name. */
    public static final List<String> OP_TYPES = List.of(OpTypes.CONV, OpTypes.MATMUL, OpTypes.GEMM);

    @Override
    public StaticInt8Params withDefaults() {
        String range = or(calibration, "auto");
        return new StaticInt8Params(method, range, "percentile".equals(range) ? or(percentile, 99.999) : percentile,
                or(perChannel, true), or(opTypes, OP_TYPES), or(excludeNodes, List.of()));
    }

    @Override
    public void validate(DatasetFacts dataset) {
        ParamChecks.oneOf("calibration", calibration, List.of("auto", "minmax", "percentile", "entropy"));
        ParamChecks.within("percentile", percentile, 90, 100);
        if (percentile != null && !"percentile".equals(calibration)) {
            throw ParamChecks.invalid("percentile", "'params.percentile' only applies to calibration 'percentile'",
                    null);
        }
        ParamChecks.subsetOf("opTypes", opTypes, OP_TYPES, true);
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("quantization method 'static_int8' calibrates on data: give a"
                    + " 'datasetId' of an NPZ dataset with the model's inputs");
        }
    }

    @Override
    public void fit(ModelFacts model) {
        ModelChecks.rewritesSome(model, NAME, opTypes, Int8Checks.choosingField(opTypes, OP_TYPES));
        ModelChecks.namesNodes(model, excludeNodes, OP_TYPES);
    }

    @Override
    public StaticInt8Params withExcludeNodes(List<String> nodes) {
        return new StaticInt8Params(method, calibration, percentile, perChannel, opTypes, List.copyOf(nodes));
    }
}
