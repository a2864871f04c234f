package dev.mcs.service.job;

import dev.mcs.service.model.StoredModel;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.ModelFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the {@link ModelFacts} a method's submission checks need from a model's format and stored inspection. A model
 * still being inspected, a TorchScript model, or an inspection written before node names were recorded leaves the
 * corresponding part unknown, and such jobs are accepted as before (the worker still refuses what cannot run).
 */
final class InspectionFacts {

    private InspectionFacts() {}

    static ModelFacts of(StoredModel model, ObjectMapper json) {
        if (model.getInspection() == null) {
            return new ModelFacts(model.getFormat(), null, null, null, null, null);
        }
        JsonNode inspection = json.readTree(model.getInspection());
        JsonNode onnx = inspection.path("onnx");
        return new ModelFacts(model.getFormat(), counts(onnx.path("nodeCountByOpType")),
                names(onnx.path("nodeNamesByOpType")), types(onnx.path("initializersByElementType")),
                tensors(onnx.path("inputs")), tensors(onnx.path("outputs")),
                model.getFormat() == ModelFormat.TORCHSCRIPT ? smokeInput(inspection.path("smokeTest")) : null);
    }

    /** The float input a TorchScript smoke test ran the module on, or null when it failed or recorded none. */
    private static List<Long> smokeInput(JsonNode smoke) {
        if (!smoke.path("succeeded").asBoolean() || !smoke.path("inputShape").isArray()) {
            return null;
        }
        List<Long> shape = new ArrayList<>();
        smoke.path("inputShape").forEach(dim -> shape.add(dim.asLong()));
        return shape;
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

    /** Element types with at least one initializer. */
    private static Set<String> types(JsonNode stats) {
        if (!stats.isObject()) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        stats.properties().forEach(entry -> {
            if (entry.getValue().path("count").asInt() > 0) {
                out.add(entry.getKey());
            }
        });
        return out;
    }

    /** A declared shape of no dimensions is read as unknown: the inspection writes scalars and undeclared alike. */
    private static List<ModelFacts.Tensor> tensors(JsonNode specs) {
        if (!specs.isArray()) {
            return null;
        }
        List<ModelFacts.Tensor> out = new ArrayList<>();
        specs.forEach(spec -> {
            int rank = spec.path("shape").size();
            out.add(new ModelFacts.Tensor(spec.path("name").asString(), spec.path("elementType").asString(),
                    rank == 0 ? -1 : rank));
        });
        return out;
    }
}
