package dev.mcs.job;

import dev.mcs.model.ModelFormat;
import dev.mcs.web.ApiException;
import dev.mcs.web.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Validates a job's {@code params} against its type, the chosen method and the model's format.
 * Unknown names are the client's mistake (400, listing what is valid); known but unbuilt techniques
 * are a 422 that says so, never a silent no-op.
 */
final class TechniqueParamsParser {

    private TechniqueParamsParser() {}

    /** What the parser needs to know about the job's dataset, if any. */
    record DatasetFacts(boolean present, boolean labelled) {
        static final DatasetFacts NONE = new DatasetFacts(false, false);
    }

    static TechniqueParams parse(JobType type, JsonNode params, ModelFormat format, ObjectMapper json) {
        return parse(type, params, format, DatasetFacts.NONE, json);
    }

    static TechniqueParams parse(JobType type, JsonNode params, ModelFormat format, DatasetFacts dataset,
            ObjectMapper json) {
        return switch (type) {
            case QUANTIZE -> quantize(params, format, dataset, json);
            case PRUNE, DISTILL -> throw new ApiException(ProblemType.NOT_IMPLEMENTED,
                    type + " jobs are not implemented yet; implemented types: [QUANTIZE]",
                    Map.of("implementedTypes", List.of(JobType.QUANTIZE)));
        };
    }

    private static QuantizeParams quantize(JsonNode params, ModelFormat format, DatasetFacts dataset, ObjectMapper json) {
        QuantizeMethods.Spec spec = method(params);
        checkFields(params, spec);
        if (!spec.implemented()) {
            throw new ApiException(ProblemType.NOT_IMPLEMENTED, "quantization method '" + spec.name()
                    + "' is not implemented yet; implemented: " + QuantizeMethods.implemented(),
                    Map.of("implementedMethods", QuantizeMethods.implemented()));
        }
        if (format != ModelFormat.ONNX) {
            throw new ApiException(ProblemType.FORMAT_NOT_SUPPORTED, "quantization method '" + spec.name()
                    + "' needs an ONNX model; this model is " + format, Map.of("supportedFormats", List.of(ModelFormat.ONNX)));
        }
        QuantizeParams parsed = QuantizeMethods.withDefaults(read(params, json));
        QuantizeParamsValidator.validate(parsed);
        DatasetRequirement.check(parsed, spec, dataset);
        return parsed;
    }

    private static QuantizeMethods.Spec method(JsonNode params) {
        if (params == null || !params.isObject()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params' must be a JSON object",
                    Map.of("field", "params"));
        }
        JsonNode method = params.get("method");
        if (method == null || !method.isString()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params.method' is required and must be a string; "
                    + "valid methods: " + QuantizeMethods.names(),
                    Map.of("field", "params.method", "validValues", QuantizeMethods.names()));
        }
        QuantizeMethods.Spec spec = QuantizeMethods.ALL.get(method.asString());
        if (spec == null) {
            throw new ApiException(ProblemType.UNKNOWN_METHOD, "unknown quantization method '" + method.asString()
                    + "'; valid methods: " + QuantizeMethods.names(),
                    Map.of("field", "params.method", "validValues", QuantizeMethods.names()));
        }
        return spec;
    }

    private static void checkFields(JsonNode params, QuantizeMethods.Spec spec) {
        Set<String> valid = new TreeSet<>(spec.fields());
        valid.add("method");
        for (String field : params.propertyNames()) {
            if (!valid.contains(field)) {
                throw new ApiException(ProblemType.UNKNOWN_PARAMETER, "unknown parameter 'params." + field
                        + "' for method '" + spec.name() + "'; valid parameters: " + valid,
                        Map.of("field", "params." + field, "validParameters", List.copyOf(valid)));
            }
        }
    }

    private static QuantizeParams read(JsonNode params, ObjectMapper json) {
        try {
            // The type tag that TechniqueParams' polymorphic mapping expects is not part of the public API.
            tools.jackson.databind.node.ObjectNode tagged = ((tools.jackson.databind.node.ObjectNode) params).deepCopy();
            tagged.put("technique", JobType.QUANTIZE.name());
            return json.treeToValue(tagged, QuantizeParams.class);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "params" : "params." + e.getPath().get(0).getPropertyName();
            throw new ApiException(ProblemType.INVALID_REQUEST, "'" + field + "' has the wrong type: "
                    + e.getOriginalMessage(), Map.of("field", field));
        }
    }
}
