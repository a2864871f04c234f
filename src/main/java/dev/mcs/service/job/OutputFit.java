package dev.mcs.service.job;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.technique.MethodParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Refuses, before queueing, a referenced model that must write as many values per sample as the job's model
 * ({@link MethodParams#referencedModelsMatchingOutput()}) where the two inspections show that it does not. Only
 * where they tell for certain: the job's model is ONNX with one input and an output whose sizes besides the batch
 * are fixed, and the other model is ONNX with such an output, or TorchScript whose smoke test ran on exactly that
 * input (TorchScript stores no shapes; its smoke test runs on a guessed input). Anything else is left to the
 * worker, which checks on the job's data before training.
 */
final class OutputFit {

    private OutputFit() {}

    static void check(MethodParams params, StoredModel model, ModelService models, ObjectMapper json) {
        if (params.referencedModelsMatchingOutput().isEmpty() || model.getInspection() == null) {
            return;
        }
        JsonNode inspection = json.readTree(model.getInspection());
        for (Map.Entry<String, UUID> e : params.referencedModels().entrySet()) {
            if (!params.referencedModelsMatchingOutput().contains(e.getKey())) {
                continue;
            }
            Optional<String> other = models.find(e.getValue()).map(StoredModel::getInspection);
            other.flatMap(o -> mismatch(inspection, json.readTree(o))).ifPresent(detail -> {
                throw new ApiException(ProblemType.INVALID_REQUEST, "'params." + e.getKey() + "': model "
                        + e.getValue() + " " + detail, Map.of("field", "params." + e.getKey()));
            });
        }
    }

    /**
     * Why the other model's output cannot match the job's model's, where both inspections tell: e.g. "writes 5 values
     * per sample (by its inspection), the job's model 10; their outputs must match".
     */
    static Optional<String> mismatch(JsonNode model, JsonNode other) {
        JsonNode onnx = model.path("onnx");
        Optional<List<Long>> input = onnx.path("inputs").size() == 1 ? perSample(onnx.path("inputs").get(0))
                : Optional.empty();
        Optional<Long> width = onnx.path("outputs").size() > 0
                ? perSample(onnx.path("outputs").get(0)).map(OutputFit::product) : Optional.empty();
        if (input.isEmpty() || width.isEmpty()) {
            return Optional.empty();
        }
        return widthOn(other, input.get()).filter(w -> !w.equals(width.get())).map(w -> "writes " + w
                + " values per sample (by its inspection), the job's model " + width.get()
                + "; their outputs must match");
    }

    /** Values per sample of an ONNX model's first output, or of a TorchScript smoke test run on {@code input}. */
    private static Optional<Long> widthOn(JsonNode inspection, List<Long> input) {
        JsonNode outputs = inspection.path("onnx").path("outputs");
        if (outputs.size() > 0) {
            return perSample(outputs.get(0)).map(OutputFit::product);
        }
        JsonNode smoke = inspection.path("smokeTest");
        if (!smoke.path("succeeded").asBoolean() || !smoke.path("outputShape").isArray()
                || !input.equals(afterBatch(smoke.path("inputShape")))) {
            return Optional.empty();
        }
        return Optional.of(product(afterBatch(smoke.path("outputShape"))));
    }

    /** An ONNX tensor's sizes besides the batch, when all of them are fixed numbers. */
    private static Optional<List<Long>> perSample(JsonNode tensor) {
        List<Long> dims = new ArrayList<>();
        JsonNode shape = tensor.path("shape");
        for (int i = 1; i < shape.size(); i++) {
            String dim = shape.get(i).asString();
            if (!dim.matches("[0-9]+")) {
                return Optional.empty();
            }
            dims.add(Long.parseLong(dim));
        }
        return shape.size() == 0 ? Optional.empty() : Optional.of(dims);
    }

    private static List<Long> afterBatch(JsonNode shape) {
        List<Long> dims = new ArrayList<>();
        for (int i = 1; i < shape.size(); i++) {
            dims.add(shape.get(i).asLong());
        }
        return dims;
    }

    private static long product(List<Long> dims) {
        return dims.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
    }
}
