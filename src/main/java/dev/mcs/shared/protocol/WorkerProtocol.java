package dev.mcs.shared.protocol;

import java.util.Optional;

/**
 * The line protocol on a worker's standard output: {@code @progress <0..1> <stage text>}. Anything
 * else on stdout is ignored, so stray library output cannot confuse the runner.
 */
public final class WorkerProtocol {

    static final String PROGRESS = "@progress ";
    public static final String RESULT_FILE = "result.json";
    public static final String TASK_FILE = "task.json";
    public static final String STDERR_FILE = "stderr.log";
    /** Exit code of a worker that handled a failure and wrote it into its result. */
    public static final int EXIT_HANDLED_FAILURE = 2;
    /** Exit code of a worker whose parent service disappeared; distinct from the JVM's out-of-memory exit (3). */
    public static final int EXIT_PARENT_GONE = 75;
    /**
     * The worker JVM's main class, named rather than referenced: the service must not load worker-side
     * classes (an architecture test checks it, and another that this class exists).
     */
    public static final String WORKER_MAIN = "dev.mcs.worker.WorkerMain";

    private WorkerProtocol() {}

    public static String progressLine(double fraction, String stage) {
        return PROGRESS + String.format(java.util.Locale.ROOT, "%.4f", fraction) + " " + stage;
    }

    public record Progress(double fraction, String stage) {}

    public static Optional<Progress> parse(String line) {
        if (!line.startsWith(PROGRESS)) {
            return Optional.empty();
        }
        String[] parts = line.substring(PROGRESS.length()).split(" ", 2);
        try {
            double value = Double.parseDouble(parts[0]);
            if (Double.isNaN(value)) {
                return Optional.empty();
            }
            double fraction = Math.max(0, Math.min(1, value));
            return Optional.of(new Progress(fraction, parts.length > 1 ? parts[1] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
