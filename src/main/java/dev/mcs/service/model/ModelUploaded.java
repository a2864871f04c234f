package dev.mcs.service.model;

import java.util.UUID;

/** Published inside the upload transaction so that inspection is queued atomically with the row. */
public record ModelUploaded(UUID modelId) {}
