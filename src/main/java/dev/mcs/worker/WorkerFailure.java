package dev.mcs.worker;


/** A failure the worker understands and reports to the user; such a job is not retried. */
final class WorkerFailure extends Exception {

    private final String errorType;

    WorkerFailure(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    String errorType() {
        return errorType;
    }
}
