package dev.mcs.worker.engine;


/**
 * The dataset cannot feed the model (a missing array, a shape or element type that does not fit, an unreadable
 * archive); the message names what to fix and is shown to users as it is, by evaluation and quantization alike.
 */
public final class InvalidDatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidDatasetException(String message) {
        super(message);
    }

    public InvalidDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
