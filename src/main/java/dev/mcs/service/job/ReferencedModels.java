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
     * Refuses, before queueing, a referenced model that is missing, not READY or of a format the method does not read
     * ({@link MethodParams#referencedFormats()}). Each is share-locked as
     * the job's own model is ({@link ModelService#lockForUse}), so it cannot be deleted before the job row exists.
     */
    static void check(MethodParams params, ModelService models) {
        params.referencedModels().forEach((field, id) -> {
            StoredModel model = lock(models, field, id);
            if (model.getStatus() != ModelStatus.READY) {
                throw refused(field, "model " + id + " is " + model.getStatus() + ", not READY"
                        + (model.getStatus() == ModelStatus.INSPECTING ? "; submit again once it is inspected" : ""));
            }
            if (!params.referencedFormats().contains(model.getFormat())) {
                throw refused(field, "model " + id + " is " + model.getFormat() + "; only "
                        + params.referencedFormats().stream().map(Enum::name).sorted().toList()
                        + " models can be used here");
            }
        });
    }

    /** The referenced models' files and formats when an attempt starts, or the field of one deleted since. */
    static Located locate(MethodParams params, ModelService models) {
        Map<String, Path> paths = new LinkedHashMap<>();
        Map<String, ModelFormat> formats = new LinkedHashMap<>();
        for (Map.Entry<String, UUID> e : params.referencedModels().entrySet()) {
            Optional<StoredModel> model = models.find(e.getValue());
            if (model.isEmpty()) {
                return new Located(Map.of(), Map.of(), e.getKey());
            }
            paths.put(e.getKey(), models.localPath(model.get()));
            formats.put(e.getKey(), model.get().getFormat());
        }
        return new Located(paths, formats, null);
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

    /** Files and formats by field, or the field whose model is gone. */
    record Located(Map<String, Path> paths, Map<String, ModelFormat> formats, String missing) {}

    private static ApiException refused(String field, String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, "'params." + field + "': " + detail,
                Map.of("field", "params." + field));
    }
}
