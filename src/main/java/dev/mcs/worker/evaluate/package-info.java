/**
 * Worker side: measures an original and a compressed ONNX model on the same inputs (a dataset or
 * synthetic inputs from the input spec): latency at batch 1 with the two models' runs interleaved
 * on one global thread pool, fidelity of their outputs, top-1 accuracy with labels, and the
 * machine the numbers were taken on.
 */
package dev.mcs.worker.evaluate;
