package dev.mcs.worker.evaluate;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.Sample;

/**
 * Times both models at batch 1 on the same input. Runs alternate between the models, and which goes first
 * alternates each round, so that drift in the machine's state (clock boost, caches, noisy neighbours) falls
 * on both equally.
 */
final class LatencyBench {

    /** Per-run latencies in milliseconds. */
    record Latencies(double[] originalMs, double[] compressedMs) {}

    private LatencyBench() {}

    static Latencies run(OrtEnvironment env, OrtSession original, OrtSession compressed, Sample sample,
            int warmupRuns, int timedRuns, Progress progress) throws OrtException {
        try (InputTensors inputs = InputTensors.of(env, sample)) {
            for (int i = 0; i < warmupRuns; i++) {
                time(original, inputs);
                progress.step();
                time(compressed, inputs);
                progress.step();
            }
            double[] a = new double[timedRuns];
            double[] b = new double[timedRuns];
            for (int round = 0; round < timedRuns; round++) {
                boolean originalFirst = round % 2 == 0;
                if (originalFirst) {
                    a[round] = time(original, inputs);
                }
                b[round] = time(compressed, inputs);
                if (!originalFirst) {
                    a[round] = time(original, inputs);
                }
                progress.step();
                progress.step();
            }
            return new Latencies(a, b);
        }
    }

    /** Milliseconds of the run alone; freeing the outputs is left outside the measurement. */
    private static double time(OrtSession session, InputTensors inputs) throws OrtException {
        long start = System.nanoTime();
        OrtSession.Result result = session.run(inputs.tensors());
        long elapsed = System.nanoTime() - start;
        result.close();
        return elapsed / 1e6;
    }
}
