package dev.mcs.service.job;

import dev.mcs.service.model.StoredModel;
import dev.mcs.shared.technique.ModelFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the {@link ModelFacts} a method's submission checks need from a model's stored inspection. A model still
 * being inspected, a TorchScript model, or an inspection written before node names were recorded leaves the
 * corresponding part unknown, and such jobs are accepted as before (the worker still refuses what cannot run).
 */
final class InspectionFacts {

    private InspectionFacts() {}

    static ModelFacts of(StoredModel model, ObjectMapper json) {
        if (model.getInspection() == null) {
            return ModelFacts.UNKNOWN;
        }
        JsonNode onnx = json.readTree(model.getInspection()).path("onnx");
        return new ModelFacts(counts(onnx.path("nodeCountByOpType")), names(onnx.path("nodeNamesByOpType")));
    }

    private static Map<String, Integer> counts(JsonNode counts) {
        if (!counts.isObject()) {
            return null;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.properties().forEach(entry -> out.put(entry.getKey(), entry.getValue().asInt()));
        return out;
    }

    private static Map<String, List<String>> names(JsonNode names) {
        if (!names.isObject()) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        names.properties().forEach(entry -> {
            List<String> labels = new ArrayList<>();
            entry.getValue().forEach(name -> labels.add(name.asString()));
            out.put(entry.getKey(), labels);
        });
        return out;
    }
}
