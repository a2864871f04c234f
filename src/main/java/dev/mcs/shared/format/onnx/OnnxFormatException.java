package dev.mcs.shared.format.onnx;

import java.io.IOException;

/** The bytes are not a structurally valid ONNX model; the message says what is wrong and is safe to show users. */
public final class OnnxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }
}
