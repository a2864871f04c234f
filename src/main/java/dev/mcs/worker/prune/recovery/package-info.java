/**
 * PRUNE's {@code recovery}: the pruned model trained against the original model's outputs through DISTILL's
 * training ({@link dev.mcs.worker.distill.Distillation}): soft targets for a classifier output, the pooled embedding
 * and hidden states (as {@code layers} students train) for an encoder output. The zeros of unstructured masks are
 * held by training an ONNX graph's weights behind a frozen mask and folding it in afterwards, or by multiplying a
 * TorchScript module's weights by their masks after every step; the optional L1 penalty is a proximal step after
 * every optimizer step.
 */
package dev.mcs.worker.prune.recovery;
