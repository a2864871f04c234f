package dev.mcs.service.model;

import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.storage.StorageProperties;
import dev.mcs.service.storage.StoredBlob;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Entry point of the model feature. */
@Service
public class ModelService {

    private static final Logger log = LoggerFactory.getLogger(ModelService.class);

    private final ModelRepository models;
    private final BlobStore blobs;
    private final ModelFormatSniffer sniffer;
    private final ModelUsage usage;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final long maxUploadBytes;
    private final MeterRegistry meters;

    ModelService(ModelRepository models, BlobStore blobs, ModelFormatSniffer sniffer,
            @org.springframework.context.annotation.Lazy ModelUsage usage,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock, StorageProperties storage,
            MeterRegistry meters) {
        this.models = models;
        this.blobs = blobs;
        this.sniffer = sniffer;
        this.usage = usage;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.maxUploadBytes = storage.maxUploadSize().toBytes();
        this.meters = meters;
    }

    /** Stores an upload, checks its format and queues its inspection; nothing stays behind on error. */
    public StoredModel upload(InputStream content, String requestedName, String originalFilename) throws IOException {
        StoredBlob blob = blobs.write("models", content, maxUploadBytes);
        try {
            ModelFormat format = sniffer.detect(blob.key());
            UUID id = UUID.randomUUID();
            StoredModel model = new StoredModel(id, ModelNames.displayName(requestedName, originalFilename, id),
                    format, blob.sizeBytes(), blob.sha256(), blob.key(), clock.instant());
            StoredModel saved = tx.execute(status -> {
                StoredModel row = models.save(model);
                events.publishEvent(new ModelUploaded(row.getId()));
                return row;
            });
            meters.counter("mcs.models.uploaded", "format", format.name()).increment();
            meters.summary("mcs.models.upload.bytes").record(blob.sizeBytes());
            return saved;
        } catch (RuntimeException | IOException e) {
            meters.counter("mcs.models.rejected").increment();
            blobs.delete(blob.key());
            throw e;
        }
    }

    /** Registers a model produced by a job; called inside the job's commit transaction. */
    public StoredModel registerProduced(StoredBlob blob, ModelFormat format, String name, String inspectionJson,
            UUID parentModelId, UUID jobId) {
        StoredModel model = new StoredModel(UUID.randomUUID(), name, format, blob.sizeBytes(), blob.sha256(),
                blob.key(), clock.instant());
        model.producedBy(parentModelId, jobId);
        model.inspected(ModelStatus.READY, inspectionJson, null, clock.instant());
        return models.save(model);
    }

    public StoredModel get(UUID id) {
        return find(id).orElseThrow(() -> ApiException.notFound("model", id));
    }

    /** Locks a model row for the caller's transaction so that it cannot be deleted meanwhile. */
    public StoredModel lockForUse(UUID id) {
        return models.findForShare(id).orElseThrow(() -> ApiException.notFound("model", id));
    }

    public Optional<StoredModel> find(UUID id) {
        return models.findById(id);
    }

    public Page<StoredModel> list(Pageable pageable) {
        return models.findAllByOrderByCreatedAtDescIdDesc(pageable);
    }

    public InputStream openContent(StoredModel model) throws IOException {
        return blobs.read(model.getBlobKey());
    }

    public java.nio.file.Path localPath(StoredModel model) {
        return blobs.localPath(model.getBlobKey());
    }

    /** Records an inspection outcome, unless the model was deleted meanwhile. */
    public Optional<StoredModel> recordInspection(UUID id, ModelStatus status, String inspectionJson, String reason) {
        return tx.execute(s -> models.findForUpdate(id).map(model -> {
            model.inspected(status, inspectionJson, reason, clock.instant());
            return model;
        }));
    }

    /** Deletes a model and its file; refused while an unfinished job uses it. */
    public void delete(UUID id) {
        String blobKey = tx.execute(status -> {
            StoredModel model = models.findForUpdate(id).orElseThrow(() -> ApiException.notFound("model", id));
            if (usage.isInUse(id)) {
                throw new ApiException(ProblemType.CONFLICT, "model " + id + " is used by a queued or running job");
            }
            models.delete(model);
            return model.getBlobKey();
        });
        deleteBlobQuietly(blobKey);
    }

    private void deleteBlobQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            log.warn("model row deleted but its blob {} could not be removed", key, e);
        }
    }
}
