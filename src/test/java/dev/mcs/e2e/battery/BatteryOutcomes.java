package dev.mcs.e2e.battery;

import dev.mcs.support.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** What the service answered to each hostile input, and which answers broke a promise. */
final class BatteryOutcomes {

    private final Map<String, HostileInput> acceptedModels = new LinkedHashMap<>();
    private final List<String> acceptedDatasets = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    void record(HostileInput input, ResponseEntity<JsonNode> response) {
        int status = response.getStatusCode().value();
        if (status == 201) {
            String id = response.getBody().path("id").asString();
            if (input.target() == HostileInput.Target.MODEL) {
                acceptedModels.put(id, input);
            } else {
                acceptedDatasets.add(id);
                count("dataset accepted");
            }
        } else if (status >= 400 && status < 500 && isProblem(response)) {
            String type = response.getBody().path("type").asString();
            count(status + " " + type.substring(type.lastIndexOf('/') + 1));
        } else {
            failures.add(input + " -> " + status + " " + response.getBody());
        }
    }

    /** Waits for every accepted model's inspection: READY, or INVALID with a reason. */
    void awaitInspections(Api api) {
        acceptedModels.forEach((id, input) -> {
            JsonNode model = api.awaitModel(id, m -> !m.path("status").asString().equals("INSPECTING"));
            String status = model.path("status").asString();
            count("model " + status);
            boolean explained = status.equals("READY")
                    || status.equals("INVALID") && !model.path("statusReason").asString().isBlank();
            if (!explained) {
                failures.add(input + " -> model " + model);
            }
        });
    }

    void deleteAccepted(Api api) {
        acceptedModels.keySet().forEach(id -> api.delete("/api/v1/models/" + id));
        acceptedDatasets.forEach(id -> api.delete("/api/v1/datasets/" + id));
    }

    List<String> acceptedModels() {
        return List.copyOf(acceptedModels.keySet());
    }

    List<String> acceptedDatasets() {
        return List.copyOf(acceptedDatasets);
    }

    List<String> failures() {
        return failures;
    }

    String summary() {
        return counts.toString();
    }

    private void count(String outcome) {
        counts.merge(outcome, 1, Integer::sum);
    }

    private static boolean isProblem(ResponseEntity<JsonNode> response) {
        MediaType type = response.getHeaders().getContentType();
        JsonNode body = response.getBody();
        return type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) && body != null
                && !body.path("type").asString().isBlank() && !body.path("detail").asString().isBlank();
    }
}
