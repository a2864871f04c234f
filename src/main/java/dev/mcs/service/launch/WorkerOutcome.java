package dev.mcs.service.launch;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * How a worker process ended.
 *
 * @param ending the kind of ending
 * @param exitCode process exit code ({@code 128 + n} for signal n)
 * @param result the worker's {@code result.json}, or null if it wrote none
 * @param stderrTail last lines of the worker's stderr
 * @param wallTime time from process start to exit
 */
public record WorkerOutcome(Ending ending, int exitCode, JsonNode result, String stderrTail, Duration wallTime) {

    /** Ways a worker ends. */
    public enum Ending {
        /** Exited normally and wrote a result (which may report a handled failure). */
        COMPLETED,
        /** Exited without a usable result, or was killed by a signal. */
        CRASHED,
        TIMED_OUT,
        CANCELLED
    }

    /** The JVM's exit code under {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int EXIT_OUT_OF_MEMORY = 3;

    private String crashReason() {
        if (exitCode > 128) {
            return "worker killed by signal " + (exitCode - 128) + " (" + Signals.name(exitCode - 128) + ")";
        }
        if (exitCode == EXIT_OUT_OF_MEMORY) {
            return "worker ran out of memory (raise MCS_WORKER_HEAP; ONNX models are parsed whole, about 3-4x their size)";
        }
        return "worker exited with code " + exitCode + " without a result";
    }

    /** Human-readable reason for a crash or timeout. */
    public String describe() {
        return switch (ending) {
            case TIMED_OUT -> "worker timed out after " + wallTime.toSeconds() + " s and was killed";
            case CANCELLED -> "worker was cancelled";
            case CRASHED -> crashReason();
            case COMPLETED -> "worker completed";
        };
    }
}
