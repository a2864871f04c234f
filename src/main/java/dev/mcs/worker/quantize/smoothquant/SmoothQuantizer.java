package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.calibration.CalibrationRun;
import dev.mcs.worker.quantize.calibration.StatsSpec;
import dev.mcs.worker.quantize.calibration.TensorStats;
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

    /** With a fixed alpha; {@link AlphaSearch} chooses one when the request says {@code auto}. */
    SmoothQuantSummary quantize(Path input, Path output, DatasetPart dataset, SmoothQuantParams params, int maxSamples,
                                DoubleConsumer progress) throws IOException, QuantizationException {
        Smoothed smoothed = smooth(calibrate(input, dataset, params, maxSamples, progress), fixedAlpha(params));
        Record quantization = int8(smoothed.model(), output, dataset, params, maxSamples);
        report(progress, 1.0);
        return SmoothQuantSummary.of(fixedAlpha(params), smoothed, quantization, null);
    }

    /** Quantizes a (smoothed or not) float model with the request's activation scheme. */
    static Record int8(OnnxMl.ModelProto model, Path output, DatasetPart dataset, SmoothQuantParams params, int maxSamples)
            throws IOException, QuantizationException {
        return STATIC.equals(params.activations()) ? quantizeStatic(model, output, dataset, params, maxSamples)
                : quantizeDynamic(model, output, params);
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
    private static Record quantizeStatic(OnnxMl.ModelProto smoothed, Path output, DatasetPart dataset, SmoothQuantParams params,
            int maxSamples) throws IOException, QuantizationException {
        Path smoothedFile = java.nio.file.Files.createTempFile(output.toAbsolutePath().getParent(), "smoothed-", ".onnx");
        try {
            OnnxModelFiles.write(smoothed, smoothedFile);
            StaticInt8Quantizer.Options options = new StaticInt8Quantizer.Options("minmax", null,
                    params.perChannel() == null || params.perChannel(),
                    params.opTypes() == null ? DynamicInt8Params.OP_TYPES : params.opTypes(),
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

    Smoothed smooth(Path input, DatasetPart dataset, SmoothQuantParams params, int maxSamples, DoubleConsumer progress)
            throws IOException, QuantizationException {
        return smooth(calibrate(input, dataset, params, maxSamples, progress), fixedAlpha(params));
    }

    /**
     * The float model with its smoothable groups and their activation statistics: computed once, then
     * smoothed with as many strengths as a search needs.
     */
    record Calibrated(OnnxMl.ModelProto model, List<SmoothGroups.Group> found, List<SmoothGroups.Group> groups,
                      int samples, Map<String, float[]> absMax, long calibrationMs) {
    }

    Calibrated calibrate(Path input, DatasetPart dataset, SmoothQuantParams params, int maxSamples, DoubleConsumer progress)
            throws IOException, QuantizationException {
        checkRequest(params, dataset);
        OnnxMl.ModelProto model = FloatModel.read(input, SMOOTHQUANT, FloatModel.DYNAMIC);
        List<SmoothGroups.Group> found = SmoothGroups.find(model.getGraph(), new GraphUses(model.getGraph()),
                OnnxDynamicQuantizer.Options.of(params)).stream().filter(candidates).toList();
        long start = System.nanoTime();
        Calibration stats = calibrate(model, dataset, maxSamples, found, progress);
        List<SmoothGroups.Group> groups = found.stream().filter(g -> worthSmoothing(g, stats)).toList();
        return new Calibrated(model, found, groups, stats.samples(), stats.absMax(),
                (System.nanoTime() - start) / 1_000_000);
    }

    static Smoothed smooth(Calibrated c, double alpha) throws QuantizationException {
        return smooth(c, g -> alpha);
    }

    /** Smooths each group with its own strength. */
    static Smoothed smooth(Calibrated c, java.util.function.ToDoubleFunction<SmoothGroups.Group> alpha)
            throws QuantizationException {
        GraphUses uses = new GraphUses(c.model().getGraph());
        SmoothRewriter rewriter = new SmoothRewriter(c.model().getGraph(), uses);
        List<float[]> applied = new ArrayList<>();
        for (SmoothGroups.Group g : c.groups()) {
            applied.add(SmoothScales.forGroup(g, c.absMax().get(g.activation()), uses, alpha.applyAsDouble(g)));
            rewriter.apply(g, applied.get(applied.size() - 1));
        }
        OnnxMl.ModelProto smoothed = c.model().toBuilder().setGraph(rewriter.result()).build();
        return new Smoothed(smoothed, c.samples(), c.calibrationMs(), c.groups(), applied,
                c.found().size() - c.groups().size());
    }

    private static void checkRequest(SmoothQuantParams params, DatasetPart dataset) throws QuantizationException {
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

    /** {@code alpha: auto} is {@link AlphaSearch}'s; everything here smooths with a given strength. */
    private static double fixedAlpha(SmoothQuantParams params) {
        if (params.alpha() == null || params.alpha().isAuto()) {
            throw new IllegalArgumentException("a fixed alpha is needed here; 'auto' goes through AlphaSearch");
        }
        return params.alpha().fixed();
    }

    private record Calibration(int samples, Map<String, float[]> absMax) {
    }

    private static Calibration calibrate(OnnxMl.ModelProto model, DatasetPart dataset, int maxSamples,
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

    static void report(DoubleConsumer progress, double value) {
        if (progress != null) {
            progress.accept(value);
        }
    }
}
