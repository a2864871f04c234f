package dev.mcs.quantize;

import ai.onnx.proto.OnnxMl;
import dev.mcs.job.QuantizeParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * SmoothQuant (Xiao et al., 2023) for ONNX: calibrates per-channel activation maxima, migrates the
 * quantization difficulty from activations into weights, then quantizes with the dynamic int8 scheme.
 */
final class SmoothQuantizer {

    static final String SMOOTHQUANT = "smoothquant";
    static final double DEFAULT_ALPHA = 0.5;
    /** Calibration's share of the progress bar; the rest is rewriting and writing the model. */
    private static final double CALIBRATION_SHARE = 0.8;

    /** Whether activations without a foldable producer get an explicit Mul (true) or are left unsmoothed. */
    private final boolean insertMuls;

    SmoothQuantizer(boolean insertMuls) {
        this.insertMuls = insertMuls;
    }

    SmoothQuantSummary quantize(Path input, Path output, Path dataset, QuantizeParams params, int maxSamples,
                                DoubleConsumer progress) throws IOException, QuantizationException {
        if (params != null && "static".equals(params.activations())) {
            throw new QuantizationException("smoothquant with static activations is not supported yet;"
                    + " use activations 'dynamic'");
        }
        if (dataset == null) {
            throw new QuantizationException("smoothquant needs a calibration dataset (NPZ with the model's inputs)");
        }
        double alpha = params == null || params.alpha() == null ? DEFAULT_ALPHA : params.alpha();
        OnnxDynamicQuantizer.Options options = OnnxDynamicQuantizer.Options.of(params);
        OnnxMl.ModelProto model = OnnxDynamicQuantizer.read(input);
        GraphUses uses = new GraphUses(model.getGraph());
        List<SmoothGroups.Group> groups = SmoothGroups.find(model.getGraph(), uses, options).stream()
                .filter(g -> insertMuls || g.fold() != SmoothGroups.FoldKind.MUL).toList();
        long start = System.nanoTime();
        Calibration stats = calibrate(model, dataset, maxSamples, groups, progress);
        long calibrationMs = (System.nanoTime() - start) / 1_000_000;
        SmoothRewriter rewriter = new SmoothRewriter(model.getGraph(), uses);
        List<float[]> applied = new ArrayList<>();
        for (SmoothGroups.Group g : groups) {
            float[] s = scales(g, stats.absMax().get(g.activation()), uses, alpha);
            rewriter.apply(g, s);
            applied.add(s);
        }
        OnnxMl.ModelProto smoothed = model.toBuilder().setGraph(rewriter.result()).build();
        OnnxDynamicQuantizer.Quantized q = OnnxDynamicQuantizer.quantize(smoothed, options);
        OnnxDynamicQuantizer.write(q.model(), output);
        report(progress, 1.0);
        return summary(alpha, stats.samples(), calibrationMs, groups, applied, q);
    }

    private record Calibration(int samples, Map<String, float[]> absMax) {
    }

    private static Calibration calibrate(OnnxMl.ModelProto model, Path dataset, int maxSamples,
                                         List<SmoothGroups.Group> groups, DoubleConsumer progress)
            throws IOException, QuantizationException {
        List<String> names = groups.stream().map(SmoothGroups.Group::activation).toList();
        try (CalibrationRun run = CalibrationRun.open(model, dataset, maxSamples)) {
            Map<String, TensorStats> stats = run.collect(names, new StatsSpec(true, 0),
                    p -> report(progress, p * CALIBRATION_SHARE));
            Map<String, float[]> absMax = new java.util.HashMap<>();
            stats.forEach((name, s) -> absMax.put(name, s.channelAbsMax()));
            return new Calibration(run.sampleCount(), absMax);
        }
    }

    private static float[] scales(SmoothGroups.Group g, float[] absMax, GraphUses uses, double alpha)
            throws QuantizationException {
        if (absMax == null || absMax.length != g.channels()) {
            throw new QuantizationException("calibration gave no per-channel statistics of size " + g.channels()
                    + " for activation '" + g.activation() + "'");
        }
        List<FloatMatrix> weights = new ArrayList<>();
        for (OnnxMl.NodeProto m : g.matMuls()) {
            weights.add(FloatMatrix.of(uses.initializers().get(m.getInput(1))));
        }
        return SmoothScales.scales(absMax, weights, alpha);
    }

    private static SmoothQuantSummary summary(double alpha, int samples, long calibrationMs,
                                              List<SmoothGroups.Group> groups, List<float[]> applied,
                                              OnnxDynamicQuantizer.Quantized q) {
        double min = applied.stream().flatMapToDouble(SmoothQuantizer::values).min().orElse(1);
        double max = applied.stream().flatMapToDouble(SmoothQuantizer::values).max().orElse(1);
        return new SmoothQuantSummary(SMOOTHQUANT, alpha, samples, calibrationMs, groups.size(),
                groups.stream().mapToInt(g -> g.matMuls().size()).sum(), count(groups, SmoothGroups.FoldKind.LAYER_NORM),
                count(groups, SmoothGroups.FoldKind.LINEAR), count(groups, SmoothGroups.FoldKind.MUL), min, max,
                q.summary(SMOOTHQUANT));
    }

    private static java.util.stream.DoubleStream values(float[] s) {
        return java.util.stream.IntStream.range(0, s.length).mapToDouble(i -> s[i]);
    }

    private static int count(List<SmoothGroups.Group> groups, SmoothGroups.FoldKind kind) {
        return (int) groups.stream().filter(g -> g.fold() == kind).count();
    }

    private static void report(DoubleConsumer progress, double value) {
        if (progress != null) {
            progress.accept(value);
        }
    }
}
