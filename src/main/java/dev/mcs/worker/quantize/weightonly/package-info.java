/**
 * Worker JVM: {@code weight_only_int4} and {@code weight_only_int8}, block-wise weights (MatMulNBits, GatherBlockQuantized; RTN or HQQ), float activations.
 */
package dev.mcs.worker.quantize.weightonly;
