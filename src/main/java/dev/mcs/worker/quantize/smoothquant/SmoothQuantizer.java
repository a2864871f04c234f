package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.quantize.calibration.CalibrationRun;
import dev.mcs.worker.quantize.calibration.StatsSpec;
import dev.mcs.worker.quantize.calibration.TensorStats;
import dev.mcs.worker.quantize.core.FloatMatrix;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import dev.mcs.worker.quantize.staticint8.StaticInt8Quantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;

/**
 * SmoothQuant (Xiao et al., 2023) for ONNX: calibrates per-channel activation maxima, migrates the
 * quantization difficulty from activations into weights, then quantizes with the dynamic int8 scheme.
 */
final class SmoothQuantizer {

    static final String SMOOTHQUANT = "smoothquant";
    static final double DEFAULT_ALPHA = 0.5;
    static final String STATIC = "static";
    /** Calibration's share of the progress bar; the rest is rewriting and writing the model. */
    private static final double CALIBRATION_SHARE = 0.8;

    /**
     * An explicit Mul costs a pass over X at every inference (on MiniLM about 0.15% latency each). Below this
     * ratio of the largest to the median per-channel max |X|, X has no real outlier channel and smoothing it
     * gains little: on MiniLM the Q/K/V inputs (ratios 4-6) gain 0.001 pooled cosine for 6 Muls, while the
     * FFN inputs (9-18) carry most of SmoothQuant's gain. Chosen on MiniLM alone (docs/quantization.md, "Tuned
     * constants").
     */
    static final double MIN_OUTLIER_RATIO_FOR_MUL = 8;

    /** Which of the smoothable groups are candidates; the others are quantized as they are. */
    private final Predicate<SmoothGroups.Group> candidates;
    private final double minMulOutlierRatio;

    /** @param insertMuls whether activations without a foldable producer get an explicit Mul or stay unsmoothed */
    SmoothQuantizer(boolean insertMuls) {
        this(insertMuls, 0);
    }

    /** @param minMulOutlierRatio groups needing a Mul are smoothed only from this outlier ratio on */
    SmoothQuantizer(boolean insertMuls, double minMulOutlierRatio) {
        this(g -> insertMuls || g.fold() != SmoothGroups.FoldKind.MUL, minMulOutlierRatio);
    }

    SmoothQuantizer(Predicate<SmoothGroups.Group> candidates, double minMulOutlierRatio) {
        this.candidates = candidates;
        this.minMulOutlierRatio = minMulOutlierRatio;
    }

    SmoothQuantSummary quantize(Path input, Path output, Path dataset, SmoothQuantParams params, int maxSamples,
                                DoubleConsumer progress) throws IOException, QuantizationException {
        Smoothed smoothed = smooth(input, dataset, params, maxSamples, progress);
        Record quantization = STATIC.equals(params.activations())
                ? quantizeStatic(smoothed.model(), output, dataset, params, maxSamples)
                : quantizeDynamic(smoothed.model(), output, params);
        report(progress, 1.0);
        return summary(alpha(params), smoothed, quantization);
    }

    private static Record quantizeDynamic(OnnxMl.ModelProto smoothed, Path output, SmoothQuantParams params)
            throws IOException, QuantizationException {
        OnnxDynamicQuantizer.Quantized q = OnnxDynamicQuantizer.quantize(smoothed, OnnxDynamicQuantizer.Options.of(params));
        OnnxModelFiles.write(q.model(), output);
        return q.summary(SMOOTHQUANT);
    }

    /**
     * Static activations: the smoothed float model is quantized as {@code static_int8} (QDQ, min-max ranges
     * calibrated on the same dataset, which the smoothing has just made easier to cover).
     */
    private static Record quantizeStatic(OnnxMl.ModelProto smoothed, Path output, Path dataset, SmoothQuantParams params,
            int maxSamples) throws IOException, QuantizationException {
        Path smoothedFile = java.nio.file.Files.createTempFile(output.toAbsolutePath().getParent(), "smoothed-", ".onnx");
        try {
            OnnxModelFiles.write(smoothed, smoothedFile);
            StaticInt8Quantizer.Options options = new StaticInt8Quantizer.Options("minmax", null,
                    params.perChannel() == null || params.perChannel(),
                    params.opTypes() == null ? List.of("MatMul", "Gemm") : params.opTypes(),
                    params.excludeNodes() == null ? List.of() : params.excludeNodes());
            return new StaticInt8Quantizer(options, maxSamples).quantize(smoothedFile, output, dataset, null);
        } finally {
            java.nio.file.Files.deleteIfExists(smoothedFile);
        }
    }

    /**
     * The float model after migration, before quantization: computes the same function as the input up to
     * float rounding (which is what tests check).
     */
    record Smoothed(OnnxMl.ModelProto model, int samples, long calibrationMs, List<SmoothGroups.Group> groups,
                    List<float[]> applied, int mildLeftAlone) {
    }

    Smoothed smooth(Path input, Path dataset, SmoothQuantParams params, int maxSamples, DoubleConsumer progress)
            throws IOException, QuantizationException {
        checkRequest(params, dataset);
        OnnxMl.ModelProto model = FloatModel.read(input);
        GraphUses uses = new GraphUses(model.getGraph());
        List<SmoothGroups.Group> found = SmoothGroups.find(model.getGraph(), uses,
                OnnxDynamicQuantizer.Options.of(params)).stream().filter(candidates).toList();
        long start = System.nanoTime();
        Calibration stats = calibrate(model, dataset, maxSamples, found, progress);
        long calibrationMs = (System.nanoTime() - start) / 1_000_000;
        List<SmoothGroups.Group> groups = found.stream().filter(g -> worthSmoothing(g, stats)).toList();
        SmoothRewriter rewriter = new SmoothRewriter(model.getGraph(), uses);
        List<float[]> applied = new ArrayList<>();
        for (SmoothGroups.Group g : groups) {
            applied.add(scales(g, stats.absMax().get(g.activation()), uses, alpha(params)));
            rewriter.apply(g, applied.get(applied.size() - 1));
        }
        OnnxMl.ModelProto smoothed = model.toBuilder().setGraph(rewriter.result()).build();
        return new Smoothed(smoothed, stats.samples(), calibrationMs, groups, applied, found.size() - groups.size());
    }

    private static void checkRequest(SmoothQuantParams params, Path dataset) throws QuantizationException {
        if (dataset == null) {
            throw new QuantizationException("smoothquant needs a calibration dataset (NPZ with the model's inputs)");
        }
    }

    /** Folding is free; a Mul is paid for only where X has outlier channels to tame. */
    private boolean worthSmoothing(SmoothGroups.Group g, Calibration stats) {
        float[] absMax = stats.absMax().get(g.activation());
        if (g.fold() != SmoothGroups.FoldKind.MUL || minMulOutlierRatio <= 0 || absMax == null) {
            return true;
        }
        float[] sorted = absMax.clone();
        Arrays.sort(sorted);
        float median = sorted[sorted.length / 2];
        return median == 0 || sorted[sorted.length - 1] >= minMulOutlierRatio * median;
    }

    private static double alpha(SmoothQuantParams params) {
        return params.alpha() == null ? DEFAULT_ALPHA : params.alpha();
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

    private static SmoothQuantSummary summary(double alpha, Smoothed smoothed, Record quantization) {
        List<SmoothGroups.Group> groups = smoothed.groups();
        double min = smoothed.applied().stream().flatMapToDouble(SmoothQuantizer::values).min().orElse(1);
        double max = smoothed.applied().stream().flatMapToDouble(SmoothQuantizer::values).max().orElse(1);
        return new SmoothQuantSummary(SMOOTHQUANT, alpha, smoothed.samples(), smoothed.calibrationMs(), groups.size(),
                groups.stream().mapToInt(g -> g.matMuls().size()).sum(), count(groups, SmoothGroups.FoldKind.LAYER_NORM),
                count(groups, SmoothGroups.FoldKind.LINEAR), count(groups, SmoothGroups.FoldKind.VALUE),
                count(groups, SmoothGroups.FoldKind.MUL), smoothed.mildLeftAlone(), min, max, quantization);
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
