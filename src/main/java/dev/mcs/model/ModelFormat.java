package dev.mcs.model;

/** Serialization formats the service accepts, detected from content, never from file names. */
public enum ModelFormat {
    ONNX,
    TORCHSCRIPT
}
