/**
 * Unstructured pruning: masks that set chosen weights to zero ({@code magnitude}, {@code wanda}) in an ONNX graph, and
 * {@code magnitude} on a TorchScript module's parameters. The file keeps its dense shape, so masks buy nothing at run
 * time on a CPU; the zeros compress and can be exploited by sparse kernels.
 */
package dev.mcs.worker.prune.mask;
