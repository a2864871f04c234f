package dev.mcs.service.job;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.ModelStatus;
import dev.mcs.service.model.StoredModel;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.MethodParams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The models a method reads besides the job's own (e.g. an uploaded DISTILL student): checked, then located. */
final class ReferencedModels {

    private ReferencedModels() {}

    /**
     * Refuses, before queueing, a referenced model that is missing, not READY or not ONNX. Each is share-locked as
     * the job's own model is ({@link ModelService#lockForUse}), so it cannot be deleted before the job row exists.
     */
    static void check(MethodParams params, ModelService models) {
        params.referencedModels().forEach((field, id) -> {
            StoredModel model = lock(models, field, id);
            if (model.getStatus() != ModelStatus.READY) {
                throw refused(field, "model " + id + " is " + model.getStatus() + ", not READY"
                        + (model.getStatus() == ModelStatus.INSPECTING ? "; submit again once it is inspected" : ""));
            }
            if (model.getFormat() != ModelFormat.ONNX) {
                throw refused(field, "model " + id + " is " + model.getFormat() + "; only ONNX models can be used here");
            }
        });
    }

    /** The referenced models' files when an attempt starts, or the field of one that was deleted since. */
    static Located locate(MethodParams params, ModelService models) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, UUID> e : params.referencedModels().entrySet()) {
            Optional<StoredModel> model = models.find(e.getValue());
            if (model.isEmpty()) {
                return new Located(Map.of(), e.getKey());
            }
            paths.put(e.getKey(), models.localPath(model.get()));
        }
        return new Located(paths, null);
    }

    private static StoredModel lock(ModelService models, String field, UUID id) {
        try {
            return models.lockForUse(id);
        } catch (ApiException e) {
            if (e.type() == ProblemType.NOT_FOUND) {
                throw refused(field, "no model " + id);
            }
            throw e;
        }
    }

    /** Files by field, or the field whose model is gone. */
    record Located(Map<String, Path> paths, String missing) {}

    private static ApiException refused(String field, String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, "'params." + field + "': " + detail,
                Map.of("field", "params." + field));
    }
}
