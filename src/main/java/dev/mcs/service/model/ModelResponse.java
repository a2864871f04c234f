package dev.mcs.service.model;

import dev.mcs.shared.format.ModelFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
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
@Schema(example = """
        {"id": "0b6f3c2e-5d1a-4c8e-9f57-2a9e4d3b7c10", "name": "digits_mlp.onnx", "format": "ONNX", "sizeBytes": 27210,
         "sha256": "3f2a9c0d8e1b47a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2", "status": "READY",
         "createdAt": "2026-11-30T20:59:58Z",
         "inspection": {"format": "ONNX", "parameterCount": 6570, "parameterBytes": 26280,
                        "onnx": {"irVersion": 7, "opsetImports": {"": 13}, "producerName": "pytorch", "producerVersion": "1.13.0",
                                 "inputs": [{"name": "input", "elementType": "float", "shape": ["batch", "64"]}],
                                 "outputs": [{"name": "logits", "elementType": "float", "shape": ["batch", "10"]}],
                                 "nodeCountByOpType": {"Gemm": 3, "Relu": 2},
                                 "nodeNamesByOpType": {"Gemm": ["/layers/layers.0/Gemm", "/layers/layers.2/Gemm", "/layers/layers.4/Gemm"]},
                                 "initializersByElementType": {"float": {"count": 6, "bytes": 26280, "elements": 6570}},
                                 "externalData": false},
                        "smokeTest": {"succeeded": true, "latencyMs": 0.03, "detail": "synthetic inputs: input float[1, 64]"}}}""")
public record ModelResponse(
        UUID id,
        String name,
        ModelFormat format,
        long sizeBytes,
        String sha256,
        ModelStatus status,
        @Nullable String statusReason,
        Instant createdAt,
        @Nullable @Schema(implementation = InspectionDocument.class, description = "null while inspecting")
        JsonNode inspection,
        @Nullable UUID parentModelId,
        @Nullable UUID producedByJobId) {

    static ModelResponse of(StoredModel model, ObjectMapper json) {
        JsonNode inspection = model.getInspection() == null ? null : json.readTree(model.getInspection());
        return new ModelResponse(model.getId(), model.getName(), model.getFormat(), model.getSizeBytes(),
                model.getSha256(), model.getStatus(), model.getStatusReason(), model.getCreatedAt(), inspection,
                model.getParentModelId(), model.getProducedByJobId());
    }
}
