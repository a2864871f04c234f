package dev.mcs.worker.prune.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.FloatOutputs;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-feature mean, variance and sum of squares of intermediate tensors on calibration samples, run in ONNX Runtime.
 * A feature is a channel (axis 1) or a last-axis entry; for [1, seq, width] tensors of a model fed an
 * {@code attention_mask}, padding positions are left out, since no output depends on them.
 */
public final class FeatureStats {

    /**
     * Calibration samples read at most when no limit is given: the default of {@code mcs.evaluation.max-samples},
     * which jobs pass instead ({@code MethodRun.maxSamples()}).
     */
    public static final int MAX_SAMPLES = EvaluationSettings.defaults().maxSamples();
    private static final String MASK_INPUT = "attention_mask";

    /**
     * A tensor to measure.
     *
     * @param tensor its name
     * @param channelAxis features on axis 1 (NCHW activations); otherwise on the last axis
     * @param secondMoments also the features' second-moment matrix (last-axis features only)
     */
    public record Probe(String tensor, boolean channelAxis, boolean secondMoments) {

        public Probe(String tensor, boolean channelAxis) {
            this(tensor, channelAxis, false);
        }
    }

    /**
     * Moments per feature; {@code sumSquares} is the squared L2 norm over every position seen; {@code moments} is
     * E[x x^T] (features x features, row-major) when asked for, else null.
     */
    public record Stats(double[] mean, double[] variance, double[] sumSquares, double[] moments) {}

    private FeatureStats() {}

    public static Map<String, Stats> measure(ModelProto model, DatasetPart part, List<Probe> probes)
            throws OrtException, InvalidDatasetException {
        return measure(model, part, probes, MAX_SAMPLES);
    }

    /** @param maxSamples the first this many samples of {@code part} are read */
    public static Map<String, Stats> measure(ModelProto model, DatasetPart part, List<Probe> probes, int maxSamples)
            throws OrtException, InvalidDatasetException {
        OrtEnvironment env = OrtRuntime.environment();
        Map<String, Accumulator> sums = new HashMap<>();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(withOutputs(model, probes).toByteArray(), options)) {
            SampleSet set = DatasetInputs.read(part, session.getInputInfo(), maxSamples,
                    "the dataset has no samples to calibrate on");
            // Layers that read one tensor (Q, K, V) each ask for it; it is accumulated once, as its first probe asks.
            Map<String, Probe> distinct = new LinkedHashMap<>();
            probes.forEach(p -> distinct.putIfAbsent(p.tensor(), p));
            for (Sample sample : set.samples()) {
                try (InputTensors inputs = InputTensors.of(env, sample);
                        OrtSession.Result result = session.run(inputs.tensors(), distinct.keySet())) {
                    for (Probe probe : distinct.values()) {
                        OnnxTensor t = (OnnxTensor) result.get(probe.tensor()).orElseThrow();
                        sums.computeIfAbsent(probe.tensor(), k -> new Accumulator(probe.secondMoments()))
                                .add(FloatOutputs.values(t), t.getInfo().getShape(), probe.channelAxis(), mask(sample));
                    }
                }
            }
        }
        Map<String, Stats> out = new HashMap<>();
        sums.forEach((name, acc) -> out.put(name, acc.stats()));
        return out;
    }

    private static long[] mask(Sample sample) {
        HostTensor mask = sample.inputs().get(MASK_INPUT);
        return mask == null ? null : mask.longValues().orElse(null);
    }

    private static ModelProto withOutputs(ModelProto model, List<Probe> probes) {
        var graph = model.getGraph().toBuilder();
        Set<String> present = new HashSet<>();
        graph.getOutputList().forEach(v -> present.add(v.getName()));
        for (Probe probe : probes) {
            if (present.add(probe.tensor())) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(probe.tensor()).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    /** Running sums in double precision. */
    private static final class Accumulator {
        private final boolean withMoments;
        private double[] sum;
        private double[] sumSq;
        private double[] moments;
        private long count;

        Accumulator(boolean withMoments) {
            this.withMoments = withMoments;
        }

        void add(float[] values, long[] shape, boolean channelAxis, long[] mask) {
            int axis = channelAxis ? 1 : shape.length - 1;
            int features = (int) shape[axis];
            int inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= (int) shape[d];
            }
            if (sum == null) {
                sum = new double[features];
                sumSq = new double[features];
                moments = withMoments && inner == 1 ? new double[features * features] : null;
            }
            boolean masked = !channelAxis && mask != null && shape.length == 3 && shape[1] == mask.length;
            int outer = values.length / (features * inner);
            for (int o = 0; o < outer; o++) {
                if (masked && mask[o % mask.length] == 0) {
                    continue;
                }
                for (int f = 0; f < features; f++) {
                    for (int i = 0; i < inner; i++) {
                        double v = values[(o * features + f) * inner + i];
                        sum[f] += v;
                        sumSq[f] += v * v;
                    }
                }
                count += inner;
                if (moments != null) {
                    outer(values, o * features, features);
                }
            }
        }

        /** Upper triangle only; {@link #stats()} mirrors it. */
        private void outer(float[] values, int from, int features) {
            for (int a = 0; a < features; a++) {
                double x = values[from + a];
                if (x == 0) {
                    continue;
                }
                int row = a * features;
                for (int b = a; b < features; b++) {
                    moments[row + b] += x * values[from + b];
                }
            }
        }

        Stats stats() {
            double n = Math.max(1, count);
            double[] mean = new double[sum.length];
            double[] variance = new double[sum.length];
            for (int f = 0; f < sum.length; f++) {
                mean[f] = sum[f] / n;
                variance[f] = Math.max(0, sumSq[f] / n - mean[f] * mean[f]);
            }
            double[] m = null;
            if (moments != null) {
                int f = sum.length;
                m = new double[f * f];
                for (int a = 0; a < f; a++) {
                    for (int b = a; b < f; b++) {
                        m[a * f + b] = moments[a * f + b] / n;
                        m[b * f + a] = m[a * f + b];
                    }
                }
            }
            return new Stats(mean, variance, sumSq.clone(), m);
        }
    }
}
