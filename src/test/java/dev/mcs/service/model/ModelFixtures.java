package dev.mcs.service.model;

import dev.mcs.service.tenant.Tenant;
import dev.mcs.shared.format.ModelFormat;
import java.time.Instant;
import java.util.UUID;

/** Builds {@link StoredModel} entities for tests outside this package (its constructor is package-private). */
public final class ModelFixtures {

    private ModelFixtures() {}

    /** A freshly uploaded ONNX model, still INSPECTING, with a unique blob key. */
    public static StoredModel uploaded(String name, Instant createdAt) {
        return uploaded(UUID.randomUUID(), name, createdAt);
    }

    public static StoredModel uploaded(UUID id, String name, Instant createdAt) {
        return uploaded(id, name, ModelFormat.ONNX, createdAt);
    }

    public static StoredModel uploaded(UUID id, String name, ModelFormat format, Instant createdAt) {
        return new StoredModel(id, Tenant.DEFAULT_ID, name, format, 1234, "ab".repeat(32), "models/" + UUID.randomUUID(), createdAt);
    }

    /** Marks a model inspected, as the service does when its worker finishes. */
    public static StoredModel inspected(StoredModel model, ModelStatus status, String inspectionJson, String reason,
            Instant at) {
        model.inspected(status, inspectionJson, reason, at);
        return model;
    }

    /** Marks a model as the output of a job compressing {@code parent}. */
    public static StoredModel producedBy(StoredModel model, UUID parent, UUID jobId) {
        model.producedBy(parent, jobId);
        return model;
    }
}
