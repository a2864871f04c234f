package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@code fp16}: float32 weights stored as float16.
 *
 * @param method {@code fp16}
 * @param excludeNodes node names whose weights stay float32
 */
@Schema(name = "Fp16Params", description = "fp16: weights stored as float16")
public record Fp16Params(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "fp16") String method,
        @Schema(description = "Node names kept in float32 (default none)") List<String> excludeNodes)
        implements MethodParams {

    public static final String NAME = "fp16";
    /** The element type fp16 stores as float16; Constant nodes holding it become initializers before conversion. */
    static final String FLOAT = "float";
    static final String CONSTANT = "Constant";

    @Override
    public Fp16Params withDefaults() {
        return new Fp16Params(method, or(excludeNodes, List.of()));
    }

    @Override
    public void validate(DatasetFacts dataset) {
        // Any list of node names is valid; names that match nothing change nothing.
    }

    /**
     * fp16 converts float initializers (Constant nodes are lifted to initializers first): a model with neither has
     * nothing to convert. {@code excludeNodes} is not checked, since it may name a node of any type and the inspection
     * names only some types.
     */
    @Override
    public void fit(ModelFacts model) {
        if (model.initializerTypes() == null || model.opCounts() == null
                || model.initializerTypes().contains(FLOAT) || model.count(CONSTANT) > 0) {
            return;
        }
        List<String> types = model.initializerTypes().stream().sorted().toList();
        throw ModelChecks.notApplicable("params.method", "method 'fp16' stores float32 weights as float16, and the"
                + " model has no float32 initializer and no Constant node; its initializers are "
                + (types.isEmpty() ? "none" : types), Map.of("modelInitializerTypes", types));
    }
}
