package dev.mcs.service.dataset;

import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.storage.StorageProperties;
import dev.mcs.service.storage.StoredBlob;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Entry point of the dataset feature. */
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

    DatasetService(DatasetRepository datasets, BlobStore blobs,
            @org.springframework.context.annotation.Lazy DatasetUsage usage, TransactionTemplate tx,
            ObjectMapper json, Clock clock, StorageProperties storage, DatasetProperties properties) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.usage = usage;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.maxUploadBytes = storage.maxUploadSize().toBytes();
        this.limits = properties.limits();
    }

    /** Stores and validates an NPZ upload; an invalid archive leaves nothing behind. */
    public Dataset upload(InputStream content, String name, String originalFilename) throws IOException {
        StoredBlob blob = blobs.write("datasets", content, maxUploadBytes);
        try {
            List<NpyArrayInfo> arrays = DatasetValidator.validate(blobs.localPath(blob.key()), limits);
            UUID id = UUID.randomUUID();
            Dataset dataset = new Dataset(id, displayName(name, originalFilename, id), blob.sizeBytes(),
                    blob.sha256(), blob.key(), DatasetValidator.sampleCount(arrays), json.writeValueAsString(arrays),
                    arrays.stream().anyMatch(a -> a.name().equals(Dataset.LABELS)), clock.instant());
            return tx.execute(status -> datasets.save(dataset));
        } catch (RuntimeException e) {
            blobs.delete(blob.key());
            throw e;
        }
    }

    public Dataset get(UUID id) {
        return datasets.findById(id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    public Page<Dataset> list(Pageable pageable) {
        return datasets.findAllByOrderByCreatedAtDescIdDesc(pageable);
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
        String blobKey = tx.execute(status -> {
            Dataset dataset = datasets.findForUpdate(id).orElseThrow(() -> ApiException.notFound("dataset", id));
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

    /** Locks a dataset row for the duration of the caller's transaction, so it cannot be deleted meanwhile. */
    public Dataset lockForUse(UUID id) {
        return datasets.findForUpdate(id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    private static String displayName(String requested, String originalFilename, UUID id) {
        if (requested != null && !requested.isBlank()) {
            return requested.strip();
        }
        return originalFilename != null && !originalFilename.isBlank() ? originalFilename : "dataset-" + id;
    }
}
