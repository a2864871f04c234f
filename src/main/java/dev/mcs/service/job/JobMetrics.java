package dev.mcs.service.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes a worker's report into the job's metrics document and flattens its numbers into
 * {@code job_metric} rows named by their JSON path, e.g. {@code fidelity.cosineMean}.
 */
final class JobMetrics {

    private JobMetrics() {}

    static ObjectNode document(ObjectMapper json, JsonNode workerMetrics, JsonNode workerTimings, AttemptPlan plan,
            long runnerWallMs) {
        ObjectNode doc = json.createObjectNode();
        JsonNode report = workerMetrics.path("report");
        report.propertyStream().forEach(e -> doc.set(e.getKey(), e.getValue()));
        copyIfPresent(doc, "technique", workerMetrics);
        copyIfPresent(doc, "worker", workerMetrics);
        JsonNode originalAccuracy = report.path("original").path("top1Accuracy");
        JsonNode compressedAccuracy = report.path("compressed").path("top1Accuracy");
        if (originalAccuracy.isNumber() && compressedAccuracy.isNumber()) {
            doc.put("accuracyDrop", originalAccuracy.asDouble() - compressedAccuracy.asDouble());
        }
        ObjectNode ratios = doc.putObject("ratios");
        ratio(ratios, "size", report.path("compressed").path("sizeBytes"), report.path("original").path("sizeBytes"));
        ratio(ratios, "latencyP50", report.path("compressed").path("latencyP50Ms"), report.path("original").path("latencyP50Ms"));
        ratio(ratios, "latencyP95", report.path("compressed").path("latencyP95Ms"), report.path("original").path("latencyP95Ms"));
        ObjectNode timings = doc.putObject("timingsMs");
        timings.put("queueWaitMs", plan.queuedFor().toMillis());
        workerTimings.propertyStream().forEach(e -> timings.set(e.getKey(), e.getValue()));
        timings.put("attemptWallMs", runnerWallMs);
        return doc;
    }

    static Map<String, Double> flatten(JsonNode doc) {
        Map<String, Double> values = new LinkedHashMap<>();
        flatten("", doc, values);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Double> into) {
        if (node.isNumber()) {
            into.put(prefix, node.asDouble());
        } else if (node.isObject()) {
            node.propertyStream().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        }
    }

    /** A number of one training epoch: a row of a training curve. */
    record EpochValue(String name, int epoch, double value) {}

    /**
     * The rows of every training curve in the document: an array named {@code curve} whose elements are objects
     * with an integer {@code epoch} gives, per element, one row per other number, named by the array's path and
     * the field, e.g. {@code technique.curve.validationLoss} at epoch 3.
     */
    static List<EpochValue> epochValues(JsonNode doc) {
        List<EpochValue> rows = new ArrayList<>();
        doc.propertyStream().forEach(e -> curves(e.getKey(), e.getValue(), rows));
        return rows;
    }

    private static void curves(String path, JsonNode node, List<EpochValue> into) {
        if (node.isObject()) {
            node.propertyStream().forEach(e -> curves(path + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray() && path.endsWith(".curve")) {
            for (JsonNode row : node) {
                if (row.path("epoch").isIntegralNumber()) {
                    int epoch = row.path("epoch").asInt();
                    row.propertyStream().filter(f -> f.getValue().isNumber() && !f.getKey().equals("epoch"))
                            .forEach(f -> into.add(new EpochValue(path + "." + f.getKey(), epoch, f.getValue().asDouble())));
                }
            }
        }
    }

    private static void copyIfPresent(ObjectNode into, String name, JsonNode from) {
        if (!from.path(name).isMissingNode()) {
            into.set(name, from.path(name));
        }
    }

    private static void ratio(ObjectNode into, String name, JsonNode numerator, JsonNode denominator) {
        if (numerator.isNumber() && denominator.isNumber() && denominator.asDouble() > 0) {
            into.put(name, numerator.asDouble() / denominator.asDouble());
        }
    }
}
