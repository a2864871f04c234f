package dev.mcs.worker.train.onnx;

/** A node could not be executed as the ONNX spec defines it (an attribute value or shape this executor refuses). */
public final class OnnxExecutionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OnnxExecutionException(String message) {
        super(message);
    }

    public OnnxExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
