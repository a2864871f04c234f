package dev.mcs.service.dataset;

import java.util.UUID;

/** Answers whether an unfinished job still needs a dataset; implemented by the job feature. */
public interface DatasetUsage {

    boolean isDatasetInUse(UUID datasetId);
}
