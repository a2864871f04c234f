package dev.mcs.service.model;

import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.storage.StorageProperties;
import dev.mcs.service.storage.StoredBlob;
import dev.mcs.service.tenant.CurrentTenant;
import dev.mcs.service.tenant.TenantService;
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

/**
 * Entry point of the model feature. Lookups by the API see only the current request's tenant: another tenant's
 * model is "not found", exactly like one that does not exist. {@link #find} is the runner's tenant-blind lookup.
 */
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
    private final CurrentTenant tenant;
    private final TenantService tenants;

    ModelService(ModelRepository models, BlobStore blobs, ModelFormatSniffer sniffer,
            @org.springframework.context.annotation.Lazy ModelUsage usage,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock, StorageProperties storage,
            MeterRegistry meters, CurrentTenant tenant, TenantService tenants) {
        this.models = models;
        this.blobs = blobs;
        this.sniffer = sniffer;
        this.usage = usage;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.maxUploadBytes = storage.maxUploadSize().toBytes();
        this.meters = meters;
        this.tenant = tenant;
        this.tenants = tenants;
    }

    /** Stores an upload, checks its format and queues its inspection; nothing stays behind on error. */
    public StoredModel upload(InputStream content, String requestedName, String originalFilename) throws IOException {
        UUID owner = tenant.id();
        tenants.requireRoom(owner);
        StoredBlob blob = blobs.write("models", content, maxUploadBytes);
        try {
            ModelFormat format = sniffer.detect(blob.key());
            UUID id = UUID.randomUUID();
            StoredModel model = new StoredModel(id, owner, ModelNames.displayName(requestedName, originalFilename, id),
                    format, blob.sizeBytes(), blob.sha256(), blob.key(), clock.instant());
            StoredModel saved = tx.execute(status -> {
                tenants.reserveStorage(owner, blob.sizeBytes());
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

    /**
     * Registers a model produced by a job, owned by the job's tenant; called inside the job's commit transaction.
     * It counts toward the tenant's storage but is never refused: the work is done, and the next upload is.
     */
    public StoredModel registerProduced(UUID tenantId, StoredBlob blob, ModelFormat format, String name,
            String inspectionJson, UUID parentModelId, UUID jobId) {
        StoredModel model = new StoredModel(UUID.randomUUID(), tenantId, name, format, blob.sizeBytes(), blob.sha256(),
                blob.key(), clock.instant());
        model.producedBy(parentModelId, jobId);
        model.inspected(ModelStatus.READY, inspectionJson, null, clock.instant());
        return models.save(model);
    }

    /** The current tenant's model. */
    public StoredModel get(UUID id) {
        return models.findByIdAndTenantId(id, tenant.id()).orElseThrow(() -> ApiException.notFound("model", id));
    }

    /** Locks the current tenant's model row for the caller's transaction so that it cannot be deleted meanwhile. */
    public StoredModel lockForUse(UUID id) {
        return models.findForShare(id, tenant.id()).orElseThrow(() -> ApiException.notFound("model", id));
    }

    /** Any tenant's model: for the runner, which works on rows the API already checked. */
    public Optional<StoredModel> find(UUID id) {
        return models.findById(id);
    }

    /** The current tenant's models. */
    public Page<StoredModel> list(Pageable pageable) {
        return models.findByTenantIdOrderByCreatedAtDescIdDesc(tenant.id(), pageable);
    }

    /** The current tenant's models produced by jobs whose input was {@code parentModelId} (its lineage children). */
    public Page<StoredModel> derived(UUID parentModelId, Pageable pageable) {
        return models.findByTenantIdAndParentModelIdOrderByCreatedAtDescIdDesc(tenant.id(), parentModelId, pageable);
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

    /** Deletes the current tenant's model and its file; refused while an unfinished job uses it. */
    public void delete(UUID id) {
        UUID owner = tenant.id();
        String blobKey = tx.execute(status -> {
            StoredModel model = models.findForUpdate(id, owner).orElseThrow(() -> ApiException.notFound("model", id));
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
