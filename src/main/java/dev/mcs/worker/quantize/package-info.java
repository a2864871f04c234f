/**
 * Worker JVM: the QUANTIZE technique's runners, registered by {@link dev.mcs.worker.quantize.QuantizeRunners};
 * one subpackage per method family. Each method rewrites the graph with the ONNX protobuf classes and writes
 * a new model; the worker then inspects and evaluates it against the original.
 */
package dev.mcs.worker.quantize;
