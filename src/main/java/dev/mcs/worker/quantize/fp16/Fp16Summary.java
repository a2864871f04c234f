package dev.mcs.worker.quantize.fp16;


/**
 * What an fp16 run changed.
 *
 * @param method                  fp16
 * @param initializersConverted   float initializers now stored as float16 (each behind a Cast to float)
 * @param keptOutOfRange          float initializers kept because a value exceeds float16's ±65504
 * @param keptForExcludedNodes    float initializers kept because an excluded node reads them
 * @param keptAsGraphInputs       float initializers kept because the graph also lists them as inputs
 * @param fp16ComputeNodes        nodes computing in float16 on ORT's CPU provider (0: compute stays float32)
 * @param weightBytesBefore       serialized size of all initializers before
 * @param weightBytesAfter        serialized size of all initializers after
 * @param quantizeMs              wall time of the rewrite
 */
public record Fp16Summary(String method, int initializersConverted, int keptOutOfRange, int keptForExcludedNodes,
                          int keptAsGraphInputs, int fp16ComputeNodes, long weightBytesBefore, long weightBytesAfter,
                          long quantizeMs) {
}
