package dev.mcs.worker.quantize.smoothquant;


/**
 * What a {@code smoothquant} run did: the migration, then the int8 quantization of the result (dynamic
 * activations by default, static QDQ with {@code activations: static}).
 *
 * @param alpha                migration strength used
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
 */
public record SmoothQuantSummary(String method, double alpha, int calibrationSamples, long calibrationMs,
                                 int smoothedGroups, int smoothedMatMuls, int foldedIntoLayerNorm, int foldedIntoLinear,
                                 int foldedIntoValue, int smoothingMulsInserted,
                                 int mildGroupsLeftAlone, double minScale, double maxScale,
                                 Record quantization) {
}
