package dev.mcs.service.model;

import dev.mcs.shared.format.ModelFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A model as the API shows it.
 *
 * @param id model id
 * @param name display name
 * @param format detected format
 * @param sizeBytes file size
 * @param sha256 SHA-256 of the file, also the download's ETag
 * @param status INSPECTING, READY or INVALID
 * @param statusReason why the model is INVALID
 * @param createdAt upload time
 * @param inspection what the inspection worker found; null while inspecting
 * @param parentModelId the job input this model was produced from
 * @param producedByJobId the job that produced this model
 */
public record ModelResponse(
        UUID id,
        String name,
        ModelFormat format,
        long sizeBytes,
        String sha256,
        ModelStatus status,
        String statusReason,
        Instant createdAt,
        @Schema(implementation = InspectionDocument.class, description = "null while inspecting")
        JsonNode inspection,
        UUID parentModelId,
        UUID producedByJobId) {

    static ModelResponse of(StoredModel model, ObjectMapper json) {
        JsonNode inspection = model.getInspection() == null ? null : json.readTree(model.getInspection());
        return new ModelResponse(model.getId(), model.getName(), model.getFormat(), model.getSizeBytes(),
                model.getSha256(), model.getStatus(), model.getStatusReason(), model.getCreatedAt(), inspection,
                model.getParentModelId(), model.getProducedByJobId());
    }
}
