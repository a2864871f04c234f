package dev.mcs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares N models in one process on the same inputs: file size, fidelity against the first model (the
 * baseline, fp32) and interleaved batch-1 latency (see {@link InterleavedTimer}). All sessions share ONNX
 * Runtime's global thread pool (intra-op = threads, inter-op = 1, ALL_OPT), like the service's workers.
 *
 * <p>Inputs come from an NPZ whose arrays are named like the model inputs (any rank, float32/int64/int32);
 * an {@code attention_mask} array enables pooled-embedding fidelity, a {@code labels} array top-1 accuracy.
 *
 * <p>Usage: {@code CompareMany <data.npz> <threads> <warmupRounds> <timedRounds> <out.json> <refName|->
 * <name=model.onnx>...}; the first model is the baseline, {@code refName} a second model every other one's
 * latency is also paired against.
 */
public final class CompareMany {

    private CompareMany() {}

    /** The command line: data, timing settings and the named models (the first is the baseline). */
    record Args(Path data, int threads, int warmup, int timed, Path outJson, String ref, List<String> names,
            List<Path> files) {

        static Args parse(String[] args) {
            List<String> names = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (String spec : Arrays.copyOfRange(args, 6, args.length)) {
                names.add(spec.substring(0, spec.indexOf('=')));
                files.add(Path.of(spec.substring(spec.indexOf('=') + 1)));
            }
            return new Args(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Path.of(args[4]), args[5], names, files);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: CompareMany <data.npz> <threads> <warmupRounds> <timedRounds> <out.json> "
                    + "<refName|-> <name=model.onnx>...");
            System.exit(2);
        }
        Args a = Args.parse(args);
        Map<String, NdArray> data = NdArray.readAll(a.data());
        OrtEnvironment env = environment(a.threads());
        OrtSession[] sessions = open(env, a.files());
        List<List<Map<String, OnnxTensor>>> inputs = new ArrayList<>();
        for (OrtSession s : sessions) {
            inputs.add(SampleTensors.build(env, data, s.getInputNames()));
        }
        String output = System.getProperty("bench.output", sessions[0].getOutputNames().iterator().next());
        ManyFidelity[] fidelity = fidelity(sessions, inputs, data, output);
        double[][] ms = InterleavedTimer.run(sessions, inputs, a.warmup(), a.timed());
        String json = json(a, env.getVersion(), output, inputs.get(0).size(), ms, fidelity);
        Files.writeString(a.outJson(), json);
        System.out.print(json);
        for (List<Map<String, OnnxTensor>> perModel : inputs) {
            perModel.forEach(sample -> sample.values().forEach(OnnxTensor::close));
        }
        for (OrtSession s : sessions) {
            s.close();
        }
    }

    private static String json(Args a, String ortVersion, String output, int samples, double[][] ms,
            ManyFidelity[] fidelity) throws java.io.IOException {
        int refIndex = a.names().indexOf(a.ref());
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"threads\": %d, \"warmupRounds\": %d, \"timedRounds\": %d, "
                + "\"samples\": %d, \"ortVersion\": \"%s\", \"output\": \"%s\", \"baseline\": \"%s\", "
                + "\"ref\": \"%s\",%n  \"models\": {%n", a.threads(), a.warmup(), a.timed(), samples, ortVersion,
                output, a.names().get(0), refIndex >= 0 ? a.ref() : ""));
        for (int m = 0; m < ms.length; m++) {
            json.append(String.format(Locale.ROOT, "    \"%s\": {\"file\": \"%s\", \"sizeBytes\": %d, "
                    + "\"latencyP50Ms\": %.6f, \"latencyP95Ms\": %.6f, \"latencyMeanMs\": %.6f, "
                    + "\"pairedRatioVsBaselineMedian\": %.4f", a.names().get(m), a.files().get(m).getFileName(),
                    Files.size(a.files().get(m)), Stats.percentile(ms[m], 50), Stats.percentile(ms[m], 95),
                    Arrays.stream(ms[m]).average().orElse(0), Stats.pairedMedian(ms[m], ms[0])));
            if (refIndex >= 0) {
                json.append(String.format(Locale.ROOT, ", \"pairedRatioVsRefMedian\": %.4f",
                        Stats.pairedMedian(ms[m], ms[refIndex])));
            }
            String fid = ManyFidelity.json(fidelity[m].summary());
            json.append(fid.isEmpty() ? "" : ", " + fid).append(m < ms.length - 1 ? "},\n" : "}\n");
        }
        return json.append("  }\n}\n").toString();
    }

    private static OrtEnvironment environment(int threads) throws Exception {
        try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
            pool.setGlobalIntraOpNumThreads(threads);
            pool.setGlobalInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "mcs-bench", pool);
        }
    }

    private static OrtSession[] open(OrtEnvironment env, List<Path> files) throws Exception {
        OrtSession[] sessions = new OrtSession[files.size()];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.disablePerSessionThreads();
            for (int m = 0; m < sessions.length; m++) {
                sessions[m] = env.createSession(files.get(m).toString(), options);
            }
        }
        return sessions;
    }

    /** One pass over every sample: each model's output against the baseline's. */
    private static ManyFidelity[] fidelity(OrtSession[] sessions, List<List<Map<String, OnnxTensor>>> inputs,
            Map<String, NdArray> data, String output) throws Exception {
        ManyFidelity[] out = new ManyFidelity[sessions.length];
        Arrays.setAll(out, m -> new ManyFidelity());
        NdArray mask = data.get("attention_mask");
        NdArray labels = data.get("labels");
        for (int i = 0; i < inputs.get(0).size(); i++) {
            long[] maskRow = mask == null ? null : mask.longRow(i);
            long label = labels == null ? -1 : labels.longRow(i)[0];
            long[] dims = null;
            float[] base = null;
            for (int m = 0; m < sessions.length; m++) {
                try (OrtSession.Result r = sessions[m].run(inputs.get(m).get(i), Set.of(output))) {
                    OnnxTensor t = (OnnxTensor) r.get(0);
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] values = new float[fb.remaining()];
                    fb.get(values);
                    if (m == 0) {
                        base = values;
                        dims = ((TensorInfo) t.getInfo()).getShape();
                        out[0].addPredictionOnly(values, dims.length == 2 ? label : -1);
                    } else {
                        out[m].add(base, values, dims, maskRow, label);
                    }
                }
            }
        }
        return out;
    }

    /** Small statistics used by the report. */
    static final class Stats {
        private Stats() {}

        /** Nearest-rank percentile. */
        static double percentile(double[] values, double p) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        /** Median over rounds of this round's time / the other model's time in the same round. */
        static double pairedMedian(double[] mine, double[] other) {
            double[] ratios = new double[mine.length];
            Arrays.setAll(ratios, r -> mine[r] / other[r]);
            return percentile(ratios, 50);
        }
    }
}
