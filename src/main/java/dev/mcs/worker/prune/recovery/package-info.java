/**
 * PRUNE's {@code recovery}: the pruned model trained against the original model's outputs through DISTILL's
 * training ({@link dev.mcs.worker.distill.Distillation}); the zeros of unstructured masks are held by training the
 * weights behind a frozen mask and folding it in afterwards.
 */
package dev.mcs.worker.prune.recovery;
