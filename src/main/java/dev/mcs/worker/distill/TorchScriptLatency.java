package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mcs.worker.engine.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Batch-1 latency of an edited TorchScript module against its original in libtorch, interleaved: every round runs
 * both on the same sample, in alternating order, and divides the edited module's time by the original's; the median
 * ratio is reported, so load that changes during the measurement weighs on both alike. Both modules are loaded for
 * inference, as a user loads them, on the worker's libtorch threads ({@link TorchRuntime}).
 */
final class TorchScriptLatency {

    private static final int WARMUP = 50;
    private static final int ROUNDS = 1000;
    private static final long LIMIT_NANOS = 20_000_000_000L;

    /**
     * @param ratio median over rounds of edited / original time
     * @param originalMicros the original's median time per forward pass
     * @param editedMicros the edited module's
     * @param rounds rounds measured (fewer than planned when the time limit ended it)
     */
    record Result(double ratio, double originalMicros, double editedMicros, int rounds) {}

    private TorchScriptLatency() {}

    static Result measure(Path original, Path edited, TrainingSet data) throws IOException {
        try (TorchScriptStudent a = TorchScriptStudent.load(original, false);
                TorchScriptStudent b = TorchScriptStudent.load(edited, false);
                NDManager scope = TorchRuntime.engine().newBaseManager()) {
            Map<String, NDArray> feed = data.batch(scope, List.of(data.training().get(0))).feed();
            for (int i = 0; i < WARMUP; i++) {
                time(a, scope, feed);
                time(b, scope, feed);
            }
            double[] ratios = new double[ROUNDS];
            double[] first = new double[ROUNDS];
            double[] second = new double[ROUNDS];
            int rounds = 0;
            long start = System.nanoTime();
            while (rounds < ROUNDS && System.nanoTime() - start < LIMIT_NANOS) {
                boolean originalFirst = rounds % 2 == 0;
                long x = originalFirst ? time(a, scope, feed) : 0;
                long y = time(b, scope, feed);
                x = originalFirst ? x : time(a, scope, feed);
                first[rounds] = x;
                second[rounds] = y;
                ratios[rounds++] = y / (double) x;
            }
            return new Result(median(ratios, rounds), median(first, rounds) / 1e3, median(second, rounds) / 1e3, rounds);
        }
    }

    private static long time(TorchScriptStudent module, NDManager scope, Map<String, NDArray> feed) {
        try (NDManager pass = scope.newSubManager()) {
            long start = System.nanoTime();
            NDArray out = module.forward(pass, feed, false);
            out.toFloatArray(); // the result is ready only once read
            return System.nanoTime() - start;
        }
    }

    private static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }
}
