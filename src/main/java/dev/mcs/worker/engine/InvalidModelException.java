package dev.mcs.worker.engine;


/** The file is not a model the engine can load; the message is the engine's reason and is shown to users. */
public final class InvalidModelException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
