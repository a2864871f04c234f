/**
 * Worker JVM: {@code dynamic_int8}, ONNX Runtime's {@code quantize_dynamic} scheme (int8 weights, uint8 activations quantized at run time).
 */
package dev.mcs.worker.quantize.dynamic;
