package dev.mcs.service.job;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.TechniqueCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns a job's {@code params} into the chosen method's validated parameter record, using only what the
 * {@link TechniqueCatalog} says about the method. Unknown names are the client's mistake (400, listing what
 * is valid); a technique without methods is a 422 that says so, never a silent no-op.
 */
final class TechniqueParamsParser {

    private final TechniqueCatalog catalog;
    private final ObjectMapper json;

    TechniqueParamsParser(TechniqueCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /** What a job asks for: technique, raw params, the model's format, and facts about its datasets and model. */
    record Request(JobType type, JsonNode params, ModelFormat format, DatasetFacts dataset, ModelFacts model) {

        /** A request for a model whose inspection tells nothing yet. */
        Request(JobType type, JsonNode params, ModelFormat format, DatasetFacts dataset) {
            this(type, params, format, dataset, ModelFacts.UNKNOWN);
        }
    }

    MethodParams parse(Request request) {
        MethodSpec spec = method(request.type(), request.params());
        checkFields(request.params(), spec);
        if (!spec.inputFormats().contains(request.format())) {
            throw new ApiException(ProblemType.FORMAT_NOT_SUPPORTED, spec.technique().noun() + " method '" + spec.name()
                    + "' needs a model in " + spec.inputFormats() + "; this model is " + request.format()
                    + reason(spec, request.format()) + exportHint(spec, request.format()),
                    Map.of("supportedFormats", List.copyOf(spec.inputFormats())));
        }
        MethodParams parsed = read(request.params(), spec).withDefaults(request.dataset());
        try {
            parsed.validate(request.dataset());
            parsed.fit(request.model());
        } catch (InvalidParamsException e) {
            throw problem(e);
        }
        return parsed;
    }

    private static String reason(MethodSpec spec, ModelFormat format) {
        String why = spec.defaults().formatRefusal(format);
        return why == null ? "" : " (" + why + ")";
    }

    /** A TorchScript model refused by an ONNX-only method can usually be exported: say so. */
    private static String exportHint(MethodSpec spec, ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT && spec.inputFormats().contains(ModelFormat.ONNX)
                ? "; upload the model's ONNX export (torch.onnx.export) instead" : "";
    }

    private MethodSpec method(JobType type, JsonNode params) {
        List<String> names = catalog.methods(type).stream().map(MethodSpec::name).toList();
        if (names.isEmpty()) {
            throw new ApiException(ProblemType.NOT_IMPLEMENTED, type + " jobs are not implemented yet; implemented types: "
                    + catalog.implemented(), Map.of("implementedTypes", catalog.implemented()));
        }
        if (params == null || !params.isObject()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params' must be a JSON object", Map.of("field", "params"));
        }
        JsonNode method = params.get("method");
        if (method == null || !method.isString()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'params.method' is required and must be a string; "
                    + "valid methods: " + names, Map.of("field", "params.method", "validValues", names));
        }
        return catalog.find(type, method.asString()).orElseThrow(() -> new ApiException(ProblemType.UNKNOWN_METHOD,
                "unknown " + type.noun() + " method '" + method.asString() + "'; valid methods: " + names,
                Map.of("field", "params.method", "validValues", names)));
    }

    private static void checkFields(JsonNode params, MethodSpec spec) {
        List<String> valid = new ArrayList<>(spec.fields());
        valid.add(0, "method");
        for (String field : params.propertyNames()) {
            if (!valid.contains(field)) {
                throw new ApiException(ProblemType.UNKNOWN_PARAMETER, "unknown parameter 'params." + field
                        + "' for method '" + spec.name() + "'; valid parameters: " + valid,
                        Map.of("field", "params." + field, "validParameters", valid));
            }
        }
    }

    private MethodParams read(JsonNode params, MethodSpec spec) {
        try {
            return TechniqueCatalog.convert(spec, params, json);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "params" : "params." + e.getPath().get(0).getPropertyName();
            throw new ApiException(ProblemType.INVALID_REQUEST, "'" + field + "' has the wrong type: "
                    + e.getOriginalMessage(), Map.of("field", field));
        }
    }

    private static ApiException problem(InvalidParamsException e) {
        ProblemType type = switch (e.reason()) {
            case INVALID_VALUE -> ProblemType.INVALID_REQUEST;
            case DATASET_REQUIRED -> ProblemType.DATASET_REQUIRED;
            case NOT_APPLICABLE -> ProblemType.METHOD_NOT_APPLICABLE;
            case UNKNOWN_NODES -> ProblemType.UNKNOWN_NODES;
            case FORMAT_NOT_SUPPORTED -> ProblemType.FORMAT_NOT_SUPPORTED;
        };
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("field", e.field());
        if (!e.validValues().isEmpty()) {
            extra.put("validValues", e.validValues());
        }
        extra.putAll(e.members());
        return new ApiException(type, e.getMessage(), extra);
    }
}
