/**
 * Worker side: ONNX quantization methods behind one entry point, {@link dev.mcs.worker.quantize.Quantizer}.
 * Each method rewrites the graph with the ONNX protobuf classes and writes a new model; the worker
 * then inspects and evaluates it against the original.
 */
package dev.mcs.worker.quantize;
