/**
 * ONNX helpers shared by the pruning methods: float weights read and rewritten, the graph's readers of each tensor,
 * and per-feature statistics of intermediate tensors on calibration data, computed in ONNX Runtime.
 */
package dev.mcs.worker.prune.onnx;
