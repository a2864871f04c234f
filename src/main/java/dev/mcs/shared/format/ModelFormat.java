package dev.mcs.shared.format;


/** Serialization formats the service accepts, detected from content, never from file names. */
public enum ModelFormat {
    ONNX(".onnx"),
    TORCHSCRIPT(".pt");

    private final String extension;

    ModelFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension of the format, with its dot; used for worker outputs and download names. */
    public String extension() {
        return extension;
    }
}
