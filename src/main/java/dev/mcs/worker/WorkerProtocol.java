package dev.mcs.worker;

import java.util.Optional;

/**
 * The line protocol on a worker's standard output: {@code @progress <0..1> <stage text>}. Anything
 * else on stdout is ignored, so stray library output cannot confuse the runner.
 */
final class WorkerProtocol {

    static final String PROGRESS = "@progress ";
    static final String RESULT_FILE = "result.json";
    static final String TASK_FILE = "task.json";
    static final String STDERR_FILE = "stderr.log";
    /** Exit code of a worker that handled a failure and wrote it into its result. */
    static final int EXIT_HANDLED_FAILURE = 2;

    private WorkerProtocol() {}

    static String progressLine(double fraction, String stage) {
        return PROGRESS + String.format(java.util.Locale.ROOT, "%.4f", fraction) + " " + stage;
    }

    record Progress(double fraction, String stage) {}

    static Optional<Progress> parse(String line) {
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
