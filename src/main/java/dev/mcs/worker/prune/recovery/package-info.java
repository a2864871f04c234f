/**
 * PRUNE's {@code recovery}: the pruned model trained against the original model's outputs through DISTILL's
 * training ({@link dev.mcs.worker.distill.Distillation}): soft targets for a classifier output, the pooled embedding
 * and hidden states (as {@code layers} students train) for an encoder output; the zeros of unstructured masks are
 * held by training the weights behind a frozen mask and folding it in afterwards.
 */
package dev.mcs.worker.prune.recovery;
