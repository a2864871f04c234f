package dev.mcs.service.job;

import dev.mcs.service.dataset.Dataset;
import dev.mcs.service.dataset.DatasetService;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Checks that a job's datasets have one array per model input, named like the input. */
final class DatasetFit {

    private DatasetFit() {}

    /** Empty when both datasets (either may be null) fit, otherwise the problem with the first that does not. */
    static Optional<ApiException> check(StoredModel model, Dataset dataset, Dataset evaluationDataset,
            DatasetService datasets, ObjectMapper json) {
        if (dataset != null) {
            Optional<ApiException> problem = check(model, datasets.arrays(dataset), "dataset", json);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return evaluationDataset == null ? Optional.empty()
                : check(model, datasets.arrays(evaluationDataset), "evaluation dataset", json);
    }

    /**
     * Empty when the dataset fits, otherwise the problem to report.
     *
     * @param role how the message names the dataset: {@code dataset} or {@code evaluation dataset}
     */
    static Optional<ApiException> check(StoredModel model, List<NpyArrayInfo> arrays, String role, ObjectMapper json) {
        List<String> inputs = inputNames(model, json);
        if (inputs.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = arrays.stream().map(NpyArrayInfo::name).collect(Collectors.toSet());
        List<String> missing = inputs.stream().filter(name -> !names.contains(name)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        List<String> available = arrays.stream().map(NpyArrayInfo::name).filter(n -> !n.equals(Dataset.LABELS)).toList();
        return Optional.of(new ApiException(ProblemType.DATASET_MISMATCH,
                "the " + role + " has no array for model input(s) " + missing + "; its arrays are " + available
                        + " and the model's inputs are " + inputs,
                Map.of("missingInputs", missing, "datasetArrays", available, "modelInputs", inputs)));
    }

    private static List<String> inputNames(StoredModel model, ObjectMapper json) {
        if (model.getInspection() == null) {
            return List.of();
        }
        JsonNode inputs = json.readTree(model.getInspection()).path("onnx").path("inputs");
        return StreamSupport.stream(inputs.spliterator(), false)
                .map(input -> input.path("name").asString())
                .filter(name -> !name.isEmpty())
                .toList();
    }
}
