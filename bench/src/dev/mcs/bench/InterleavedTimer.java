package dev.mcs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;

/**
 * Batch-1 latency of N sessions measured in rounds: every round runs each model once on the same sample.
 * The order rotates (start offset r mod N) and alternates direction every N rounds, so over 2N rounds every
 * model runs in every position after every neighbour: drift in the machine's state falls on all models alike.
 */
final class InterleavedTimer {

    private InterleavedTimer() {}

    /** Milliseconds, {@code [model][round]}, of the timed rounds (after {@code warmup} untimed ones). */
    static double[][] run(OrtSession[] sessions, List<List<Map<String, OnnxTensor>>> inputs, int warmup, int timed)
            throws Exception {
        int n = sessions.length;
        int samples = inputs.get(0).size();
        double[][] ms = new double[n][timed];
        for (int round = 0; round < warmup + timed; round++) {
            for (int k = 0; k < n; k++) {
                int m = order(round, k, n);
                double t = time(sessions[m], inputs.get(m).get(round % samples));
                if (round >= warmup) {
                    ms[m][round - warmup] = t;
                }
            }
        }
        return ms;
    }

    static int order(int round, int position, int n) {
        int offset = round % n;
        boolean reversed = (round / n) % 2 == 1;
        return reversed ? Math.floorMod(offset - position, n) : (offset + position) % n;
    }

    private static double time(OrtSession session, Map<String, OnnxTensor> inputs) throws Exception {
        long start = System.nanoTime();
        OrtSession.Result result = session.run(inputs);
        long elapsed = System.nanoTime() - start;
        result.close();
        return elapsed / 1e6;
    }
}
