package dev.mcs.service.dataset;

import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.storage.StorageProperties;
import dev.mcs.service.storage.StoredBlob;
import dev.mcs.service.tenant.CurrentTenant;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Entry point of the dataset feature. The API's lookups see only the current request's tenant (another tenant's
 * dataset is "not found"); {@link #find} is the runner's tenant-blind lookup.
 */
@Service
public class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final TypeReference<List<NpyArrayInfo>> ARRAY_LIST = new TypeReference<>() {};

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final DatasetUsage usage;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final long maxUploadBytes;
    private final NpzLimits limits;
    private final CurrentTenant tenant;
    private final TenantService tenants;

    DatasetService(DatasetRepository datasets, BlobStore blobs,
            @org.springframework.context.annotation.Lazy DatasetUsage usage, TransactionTemplate tx,
            ObjectMapper json, Clock clock, StorageProperties storage, DatasetProperties properties,
            CurrentTenant tenant, TenantService tenants) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.usage = usage;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.maxUploadBytes = storage.maxUploadSize().toBytes();
        this.limits = properties.limits();
        this.tenant = tenant;
        this.tenants = tenants;
    }

    /** Stores and validates an NPZ upload; an invalid archive leaves nothing behind. */
    public Dataset upload(InputStream content, String name, String originalFilename) throws IOException {
        UUID owner = tenant.id();
        tenants.requireRoom(owner);
        StoredBlob blob = blobs.write("datasets", content, maxUploadBytes);
        try {
            List<NpyArrayInfo> arrays = DatasetValidator.validate(blobs.localPath(blob.key()), limits);
            UUID id = UUID.randomUUID();
            Dataset dataset = new Dataset(id, owner, displayName(name, originalFilename, id), blob.sizeBytes(),
                    blob.sha256(), blob.key(), DatasetValidator.sampleCount(arrays), json.writeValueAsString(arrays),
                    arrays.stream().anyMatch(a -> a.name().equals(Dataset.LABELS)), clock.instant());
            return tx.execute(status -> {
                tenants.reserveStorage(owner, blob.sizeBytes());
                return datasets.save(dataset);
            });
        } catch (RuntimeException e) {
            blobs.delete(blob.key());
            throw e;
        }
    }

    /** The current tenant's dataset. */
    public Dataset get(UUID id) {
        return datasets.findByIdAndTenantId(id, tenant.id()).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    /** Any tenant's dataset: for the runner, which works on rows the API already checked. */
    public Optional<Dataset> find(UUID id) {
        return datasets.findById(id);
    }

    /** The current tenant's datasets. */
    public Page<Dataset> list(Pageable pageable) {
        return datasets.findByTenantIdOrderByCreatedAtDescIdDesc(tenant.id(), pageable);
    }

    public List<NpyArrayInfo> arrays(Dataset dataset) {
        return json.readValue(dataset.getArrays(), ARRAY_LIST);
    }

    public Path localPath(Dataset dataset) {
        return blobs.localPath(dataset.getBlobKey());
    }

    public DatasetResponse view(Dataset d) {
        return new DatasetResponse(d.getId(), d.getName(), d.getSizeBytes(), d.getSha256(), d.getSampleCount(),
                arrays(d), d.isHasLabels(), d.getCreatedAt());
    }

    /** Deletes a dataset and its file; refused while an unfinished job uses it. */
    public void delete(UUID id) {
        UUID owner = tenant.id();
        String blobKey = tx.execute(status -> {
            Dataset dataset = datasets.findForUpdate(id, owner).orElseThrow(() -> ApiException.notFound("dataset", id));
            if (usage.isDatasetInUse(id)) {
                throw new ApiException(ProblemType.CONFLICT, "dataset " + id + " is used by a queued or running job");
            }
            datasets.delete(dataset);
            return dataset.getBlobKey();
        });
        try {
            blobs.delete(blobKey);
        } catch (IOException e) {
            log.warn("dataset row deleted but its blob {} could not be removed", blobKey, e);
        }
    }

    /** Locks the current tenant's dataset row for the caller's transaction, so it cannot be deleted meanwhile. */
    public Dataset lockForUse(UUID id) {
        return datasets.findForUpdate(id, tenant.id()).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    private static String displayName(String requested, String originalFilename, UUID id) {
        if (requested != null && !requested.isBlank()) {
            return requested.strip();
        }
        return originalFilename != null && !originalFilename.isBlank() ? originalFilename : "dataset-" + id;
    }
}
