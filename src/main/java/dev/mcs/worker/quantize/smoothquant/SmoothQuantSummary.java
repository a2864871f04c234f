package dev.mcs.worker.quantize.smoothquant;

import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * What a {@code smoothquant} run did: the migration, then the int8 quantization of the result (dynamic
 * activations by default, static QDQ with {@code activations: static}).
 *
 * @param alpha                migration strength used; null when not smoothing measured best
 * @param calibrationSamples   samples streamed through the float model
 * @param calibrationMs        time spent collecting activation statistics
 * @param smoothedGroups       activations smoothed (MatMuls sharing an input count once)
 * @param smoothedMatMuls      MatMuls whose weights absorbed the factors
 * @param foldedIntoLayerNorm  groups whose X / s was folded into a LayerNorm's gamma and beta
 * @param foldedIntoLinear     groups whose X / s was folded into the producing MatMul / bias
 * @param foldedIntoValue      groups (attention contexts) whose X / s was folded into the value projection
 * @param smoothingMulsInserted groups that needed an explicit Mul by 1/s (an extra elementwise op each)
 * @param mildGroupsLeftAlone  groups that would need a Mul but whose activation has no outlier channel worth it
 * @param minScale             smallest smoothing factor applied
 * @param maxScale             largest smoothing factor applied
 * @param quantization         the quantization step's summary ({@link QuantizationSummary} or {@link StaticInt8Summary})
 * @param alphaSearch          with {@code alpha: auto}: the strengths measured and why the result was chosen
 */
public record SmoothQuantSummary(String method, Double alpha, int calibrationSamples, long calibrationMs,
                                 int smoothedGroups, int smoothedMatMuls, int foldedIntoLayerNorm, int foldedIntoLinear,
                                 int foldedIntoValue, int smoothingMulsInserted,
                                 int mildGroupsLeftAlone, double minScale, double maxScale,
                                 Record quantization, AlphaSearch.Report alphaSearch) {

    static SmoothQuantSummary of(Double alpha, SmoothQuantizer.Smoothed smoothed, Record quantization,
            AlphaSearch.Report search) {
        List<SmoothGroups.Group> groups = smoothed.groups();
        double min = smoothed.applied().stream().flatMapToDouble(SmoothQuantSummary::values).min().orElse(1);
        double max = smoothed.applied().stream().flatMapToDouble(SmoothQuantSummary::values).max().orElse(1);
        return new SmoothQuantSummary(SmoothQuantizer.SMOOTHQUANT, alpha, smoothed.samples(), smoothed.calibrationMs(),
                groups.size(), groups.stream().mapToInt(g -> g.matMuls().size()).sum(),
                count(groups, SmoothGroups.FoldKind.LAYER_NORM), count(groups, SmoothGroups.FoldKind.LINEAR),
                count(groups, SmoothGroups.FoldKind.VALUE), count(groups, SmoothGroups.FoldKind.MUL),
                smoothed.mildLeftAlone(), min, max, quantization, search);
    }

    private static DoubleStream values(float[] s) {
        return IntStream.range(0, s.length).mapToDouble(i -> s[i]);
    }

    private static int count(List<SmoothGroups.Group> groups, SmoothGroups.FoldKind kind) {
        return (int) groups.stream().filter(g -> g.fold() == kind).count();
    }
}
