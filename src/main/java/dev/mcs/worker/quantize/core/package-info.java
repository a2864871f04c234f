/**
 * Worker JVM: what every quantization method shares: ONNX graph helpers (uses, names, opsets, rewrite context), int8 weight quantization and embedding rewriting, and {@link dev.mcs.worker.quantize.core.QuantizationException}.
 */
package dev.mcs.worker.quantize.core;
