package dev.mcs.service.model;


/** Lifecycle of a model: inspected by a worker right after upload. */
public enum ModelStatus {
    INSPECTING,
    READY,
    INVALID
}
