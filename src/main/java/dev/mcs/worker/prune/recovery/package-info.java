/**
 * PRUNE's {@code recovery}: the pruned model trained against the original model's outputs through DISTILL's
 * training ({@link dev.mcs.worker.distill.Distillation}): soft targets for a classifier output, the pooled embedding
 * and hidden states (as {@code layers} students train) for an encoder output. The zeros of unstructured masks are
 * held by training an ONNX graph's weights behind a frozen mask and folding it in afterwards, or by multiplying a
 * TorchScript module's weights by their masks after every step. The optional penalties are proximal steps after
 * every optimizer step: L1 on the masked tensors' entries ({@code L1Shrink}), the
 * group lasso on {@code structured}'s units ({@code GroupShrink}), whose zeroed units
 * are then cut from the graph ({@code GroupLassoCut}).
 */
package dev.mcs.worker.prune.recovery;
