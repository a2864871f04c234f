package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code auto}: accuracy-targeted mixed precision over a base int8 method.
 *
 * @param method {@code auto}
 * @param target what the result must preserve
 * @param base the int8 method to start from; null: the better of dynamic_int8 and smoothquant on the calibration
 *     data when there is a dataset, else dynamic_int8
 * @param excludeNodes node names always kept in float
 */
@Schema(name = "AutoParams", description = "auto: the fewest nodes kept in float that meet an accuracy target")
public record AutoParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "auto") String method,
        @Schema(description = "The accuracy target (required)", requiredMode = Schema.RequiredMode.REQUIRED) QuantizeTarget target,
        @Schema(description = "The int8 method to start from (default: measured; with a dataset, whichever of dynamic_int8 and smoothquant with alpha auto is closer to the float model on the calibration data, else dynamic_int8)", allowableValues = {"dynamic_int8", "smoothquant", "static_int8"}) String base,
        @Schema(description = "Node names always kept in float (default none)") List<String> excludeNodes)
        implements MethodParams {

    public static final String NAME = "auto";
    static final List<String> BASES = List.of(DynamicInt8Params.NAME, SmoothQuantParams.NAME, StaticInt8Params.NAME);

    @Override
    public AutoParams withDefaults() {
        // No base stays no base: the worker chooses by measurement (see the base parameter).
        return new AutoParams(method, target, base, or(excludeNodes, List.of()));
    }

    /** Its candidates are its base's: static_int8's types, else those of dynamic_int8 and smoothquant's defaults. */
    @Override
    public void fit(ModelFacts model) {
        List<String> types = StaticInt8Params.NAME.equals(base) ? StaticInt8Params.OP_TYPES : Int8Checks.DYNAMIC_CANDIDATES;
        ModelChecks.rewritesSome(model, NAME, types, base == null ? "params.method" : "params.base");
        ModelChecks.namesNodes(model, excludeNodes, types);
    }

    @Override
    public void validate(DatasetFacts dataset) {
        ParamChecks.oneOf("base", base, BASES);
        if (target == null || (target.minCosine() == null) == (target.maxAccuracyDrop() == null)) {
            throw ParamChecks.invalid("target", "'params.target' needs exactly one of 'minCosine' or"
                    + " 'maxAccuracyDrop'", null);
        }
        ParamChecks.within("target.minCosine", target.minCosine(), 0, 1);
        ParamChecks.within("target.maxAccuracyDrop", target.maxAccuracyDrop(), 0, 1);
        if (base != null && !DynamicInt8Params.NAME.equals(base) && !dataset.present()) {
            throw ParamChecks.datasetRequired("quantization method 'auto' with base '" + base + "' calibrates on"
                    + " data: give a 'datasetId' of an NPZ dataset with the model's inputs");
        }
        if (target.maxAccuracyDrop() != null && !dataset.labelled()) {
            throw ParamChecks.datasetRequired("'target.maxAccuracyDrop' is checked on the evaluation data and needs"
                    + " labels there: give an 'evaluationDatasetId', or else a 'datasetId', with a 'labels' array");
        }
    }
}
