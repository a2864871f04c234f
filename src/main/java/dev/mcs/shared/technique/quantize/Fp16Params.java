package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

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

    @Override
    public Fp16Params withDefaults() {
        return new Fp16Params(method, or(excludeNodes, List.of()));
    }

    @Override
    public void validate(DatasetFacts dataset) {
        // Any list of node names is valid; names that match nothing change nothing.
    }
}
