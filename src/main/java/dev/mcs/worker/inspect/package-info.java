/**
 * Worker side: what a model is (inputs, outputs, operators, parameters) and whether its engine can
 * load and run it. ONNX external data is refused before ONNX Runtime ever sees the file.
 */
package dev.mcs.worker.inspect;
