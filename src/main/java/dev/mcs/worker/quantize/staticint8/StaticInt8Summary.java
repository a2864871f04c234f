package dev.mcs.worker.quantize.staticint8;

import java.util.List;

/**
 * What a {@code static_int8} run did.
 *
 * @param method              always {@code static_int8}
 * @param calibration         the range estimator used: {@code minmax}, {@code percentile} or {@code entropy} (with
 *                            {@code auto}, the one it chose)
 * @param percentile          the percentile used, null unless {@code percentile}
 * @param calibrationScores   with {@code auto}: "estimator: mean output cosine on the calibration samples" for each
 *                            candidate tried; empty when the estimator was given
 * @param perChannel          whether weights got one scale per output channel (false when asked or when the opset stays below 13)
 * @param opset               default-domain opset written
 * @param calibrationSamples  samples streamed through the float model
 * @param calibrationMs       wall time of calibration
 * @param batchNormsFolded    BatchNormalization nodes folded into the Conv before them
 * @param quantizedNodes      nodes whose weights are int8 (Conv + MatMul + Gemm)
 * @param quantizedConvs      of those, Conv nodes
 * @param quantizedMatMuls    of those, MatMul nodes
 * @param quantizedGemms      of those, Gemm nodes
 * @param quantizedActivations activations wrapped in QuantizeLinear/DequantizeLinear
 * @param nodesKeptFloat      nodes of the requested op types left in float
 * @param weightBytesBefore   serialized size of all initializers before
 * @param weightBytesAfter    serialized size of all initializers after
 * @param speedupAtBatch1     float latency / int8 latency at batch 1 on one calibration sample (median of interleaved
 *                            rounds, the evaluation's thread count); below 1 the int8 model is slower; null when the
 *                            measurement failed (then {@code warning} says why)
 * @param speedupRounds       interleaved rounds behind {@code speedupAtBatch1}
 * @param warning             null, or what the user should know before using the model: that it is not faster than
 *                            the float one, or why that was not measured
 * @param quantizedNodeNames  names of the quantized nodes
 * @param keptFloat           "node: reason" for each node left in float
 */
public record StaticInt8Summary(String method, String calibration, Double percentile, List<String> calibrationScores,
                                boolean perChannel, long opset, int calibrationSamples, long calibrationMs,
                                int batchNormsFolded, int quantizedNodes, int quantizedConvs,
                                int quantizedMatMuls, int quantizedGemms, int quantizedActivations, int nodesKeptFloat,
                                long weightBytesBefore, long weightBytesAfter, Double speedupAtBatch1,
                                int speedupRounds, String warning, List<String> quantizedNodeNames,
                                List<String> keptFloat) {

    public StaticInt8Summary {
        calibrationScores = List.copyOf(calibrationScores);
        quantizedNodeNames = List.copyOf(quantizedNodeNames);
        keptFloat = List.copyOf(keptFloat);
    }
}
