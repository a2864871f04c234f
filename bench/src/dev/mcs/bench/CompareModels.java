package dev.mcs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares an fp32 sentence-embedding model with two int8 variants ("ours" and "ref") in one process, on the
 * same tokenized inputs: file sizes, fidelity against fp32 and interleaved batch-1 latency.
 *
 * <p>All sessions share ONNX Runtime's global thread pool (intra-op = the given count, inter-op = 1), exactly
 * like the service's workers, so they never compete with per-session pools. Latency rounds rotate which model
 * runs first, so that drift in the machine's state falls on all models alike.
 *
 * <p>Fidelity against fp32, per sample: cosine of the attention-mask mean-pooled embedding, and cosine of the
 * raw {@code last_hidden_state} flattened over all positions (padding included, which is what the service's
 * evaluation compares), and of the real tokens' hidden states only (mask 1).
 *
 * <p>Usage: {@code CompareModels <fp32.onnx> <ours.onnx> <ref.onnx> <data.npz> <threads> <warmupRounds>
 * <timedRounds> <out.json>}
 */
public final class CompareModels {

    private static final String[] ROLES = {"fp32", "ours", "ref"};

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: CompareModels <fp32.onnx> <ours.onnx> <ref.onnx> <data.npz> <threads> "
                    + "<warmupRounds> <timedRounds> <out.json>");
            System.exit(2);
        }
        Path[] files = {Path.of(args[0]), Path.of(args[1]), Path.of(args[2])};
        Map<String, Npz.LongMatrix> data = Npz.read(Path.of(args[3]));
        int threads = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int timed = Integer.parseInt(args[6]);
        Path outJson = Path.of(args[7]);

        OrtEnvironment env;
        try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
            pool.setGlobalIntraOpNumThreads(threads);
            pool.setGlobalInterOpNumThreads(1);
            env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "mcs-bench", pool);
        }
        OrtSession[] sessions = new OrtSession[3];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.disablePerSessionThreads();
            for (int m = 0; m < 3; m++) {
                sessions[m] = env.createSession(files[m].toString(), options);
            }
        }
        List<String> inputNames = new ArrayList<>(sessions[0].getInputNames());
        String output = "last_hidden_state";
        Npz.LongMatrix mask = data.get("attention_mask");
        int n = mask.rows();
        int len = mask.cols();

        // Inputs for every sample, built once and shared by all models.
        List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, OnnxTensor> sample = new LinkedHashMap<>();
            for (String name : inputNames) {
                Npz.LongMatrix arr = data.get(name);
                if (arr == null) {
                    throw new IllegalArgumentException("the NPZ has no array for model input " + name);
                }
                sample.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(arr.row(i)), new long[] {1, len}));
            }
            inputs.add(sample);
        }

        // Fidelity pass.
        double[][] pooledCos = new double[3][n];
        double[][] rawCos = new double[3][n];
        double[][] tokenCos = new double[3][n];
        double[] maxAbs = new double[3];
        for (int i = 0; i < n; i++) {
            float[][] out = new float[3][];
            for (int m = 0; m < 3; m++) {
                try (OrtSession.Result r = sessions[m].run(inputs.get(i), java.util.Set.of(output))) {
                    FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    out[m] = new float[fb.remaining()];
                    fb.get(out[m]);
                }
            }
            int hidden = out[0].length / len;
            long[] maskRow = mask.row(i);
            double[] ref = Pooling.mean(out[0], maskRow, hidden);
            for (int m = 1; m < 3; m++) {
                pooledCos[m][i] = ManyFidelity.cosine(ref, Pooling.mean(out[m], maskRow, hidden));
                rawCos[m][i] = ManyFidelity.cosine(toDouble(out[0]), toDouble(out[m]));
                tokenCos[m][i] = ManyFidelity.cosine(Pooling.realTokens(out[0], maskRow, hidden), Pooling.realTokens(out[m], maskRow, hidden));
                for (int k = 0; k < out[0].length; k++) {
                    maxAbs[m] = Math.max(maxAbs[m], Math.abs(out[0][k] - out[m][k]));
                }
            }
        }

        // Interleaved latency.
        double[][] ms = new double[3][timed];
        int[][] orders = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {1, 0, 2}, {0, 2, 1}};
        for (int round = 0; round < warmup; round++) {
            for (int m : orders[round % orders.length]) {
                time(sessions[m], inputs.get(round % n));
            }
        }
        for (int round = 0; round < timed; round++) {
            for (int m : orders[round % orders.length]) {
                ms[m][round] = time(sessions[m], inputs.get(round % n));
            }
        }
        double[] pairedOursRef = new double[timed];
        for (int r = 0; r < timed; r++) {
            pairedOursRef[r] = ms[1][r] / ms[2][r];
        }

        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"threads\": %d, \"warmupRounds\": %d, \"timedRounds\": %d, "
                + "\"samples\": %d, \"sequenceLength\": %d, \"ortVersion\": \"%s\",%n",
                threads, warmup, timed, n, len, env.getVersion()));
        json.append(String.format(Locale.ROOT, "  \"pairedLatencyRatioOursRefMedian\": %.4f,%n",
                percentile(pairedOursRef, 50)));
        for (int m = 0; m < 3; m++) {
            json.append(String.format(Locale.ROOT, "  \"%s\": {\"file\": \"%s\", \"sizeBytes\": %d, "
                    + "\"latencyP50Ms\": %.4f, \"latencyP95Ms\": %.4f, \"latencyMeanMs\": %.4f",
                    ROLES[m], files[m].getFileName(), Files.size(files[m]),
                    percentile(ms[m], 50), percentile(ms[m], 95), Arrays.stream(ms[m]).average().orElse(0)));
            if (m > 0) {
                json.append(String.format(Locale.ROOT, ", \"pooledCosineMean\": %.6f, \"pooledCosineMin\": %.6f, "
                        + "\"rawCosineMean\": %.6f, \"rawCosineMin\": %.6f, \"tokenCosineMean\": %.6f, "
                        + "\"tokenCosineMin\": %.6f, \"maxAbsError\": %.6f",
                        mean(pooledCos[m]), min(pooledCos[m]), mean(rawCos[m]), min(rawCos[m]),
                        mean(tokenCos[m]), min(tokenCos[m]), maxAbs[m]));
            }
            json.append(m < 2 ? "},\n" : "}\n");
        }
        json.append("}\n");
        Files.writeString(outJson, json);
        System.out.print(json);

        for (Map<String, OnnxTensor> sample : inputs) {
            sample.values().forEach(OnnxTensor::close);
        }
        for (OrtSession s : sessions) {
            s.close();
        }
    }

    private static double time(OrtSession session, Map<String, OnnxTensor> inputs) throws Exception {
        long start = System.nanoTime();
        OrtSession.Result result = session.run(inputs);
        long elapsed = System.nanoTime() - start;
        result.close();
        return elapsed / 1e6;
    }



    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }


    private static double mean(double[] v) {
        return Arrays.stream(v, 0, v.length).average().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
