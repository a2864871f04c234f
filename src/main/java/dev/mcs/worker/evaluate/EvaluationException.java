package dev.mcs.worker.evaluate;


/** The comparison could not be made; the message says why in terms a user can act on. */
public final class EvaluationException extends Exception {

    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
