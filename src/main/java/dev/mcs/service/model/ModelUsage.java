package dev.mcs.service.model;

import java.util.UUID;

/** Answers whether an unfinished job still needs a model; implemented by the job feature. */
public interface ModelUsage {

    boolean isInUse(UUID modelId);
}
