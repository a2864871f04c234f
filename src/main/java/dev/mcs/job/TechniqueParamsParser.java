package dev.mcs.job;

import dev.mcs.model.ModelFormat;
import dev.mcs.web.ApiException;
import dev.mcs.web.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates a job's {@code params} against its type and the model's format. Unknown names are the
 * client's mistake (400, listing what is valid); known but unbuilt techniques are a 422 that says
 * so, never a silent no-op.
 */
final class TechniqueParamsParser {

    static final List<String> QUANTIZE_METHODS = List.of("dynamic_int8");
    static final List<String> PLANNED_QUANTIZE_METHODS =
            List.of("smoothquant", "static_int8", "weight_only_int8", "weight_only_int4", "fp16", "auto");
    private static final Set<String> QUANTIZE_FIELDS = Set.of("method");

    private TechniqueParamsParser() {}

    static TechniqueParams parse(JobType type, JsonNode params, ModelFormat format) {
        return switch (type) {
            case QUANTIZE -> quantize(params, format);
            case PRUNE, DISTILL -> throw new ApiException(ProblemType.NOT_IMPLEMENTED,
                    type + " jobs are not implemented yet; implemented types: [QUANTIZE]",
                    Map.of("implementedTypes", List.of(JobType.QUANTIZE)));
        };
    }

    private static QuantizeParams quantize(JsonNode params, ModelFormat format) {
        checkFields(params, QUANTIZE_FIELDS);
        JsonNode method = params.get("method");
        if (method == null || !method.isString()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params.method' is required and must be a string; "
                    + "valid methods: " + allMethods(), Map.of("field", "params.method", "validValues", allMethods()));
        }
        String name = method.asString();
        if (PLANNED_QUANTIZE_METHODS.contains(name)) {
            throw new ApiException(ProblemType.NOT_IMPLEMENTED, "quantization method '" + name
                    + "' is not implemented yet; implemented: " + QUANTIZE_METHODS,
                    Map.of("implementedMethods", QUANTIZE_METHODS));
        }
        if (!QUANTIZE_METHODS.contains(name)) {
            throw new ApiException(ProblemType.UNKNOWN_METHOD, "unknown quantization method '" + name
                    + "'; valid methods: " + allMethods(), Map.of("field", "params.method", "validValues", allMethods()));
        }
        if (format != ModelFormat.ONNX) {
            throw new ApiException(ProblemType.FORMAT_NOT_SUPPORTED, "quantization method '" + name
                    + "' needs an ONNX model; this model is " + format, Map.of("supportedFormats", List.of(ModelFormat.ONNX)));
        }
        return new QuantizeParams(name);
    }

    private static void checkFields(JsonNode params, Set<String> valid) {
        if (params == null || !params.isObject()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params' must be a JSON object",
                    Map.of("field", "params"));
        }
        for (String field : params.propertyNames()) {
            if (!valid.contains(field)) {
                throw new ApiException(ProblemType.UNKNOWN_PARAMETER, "unknown parameter 'params." + field
                        + "'; valid parameters: " + valid.stream().sorted().toList(),
                        Map.of("field", "params." + field, "validParameters", valid.stream().sorted().toList()));
            }
        }
    }

    private static List<String> allMethods() {
        List<String> all = new ArrayList<>(QUANTIZE_METHODS);
        all.addAll(PLANNED_QUANTIZE_METHODS);
        return all;
    }
}
