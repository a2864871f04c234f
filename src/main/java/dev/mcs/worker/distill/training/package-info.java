/**
 * Distillation losses and the learning-rate schedule, as NDArray functions on DJL's PyTorch engine so that
 * gradients flow through them to whatever executes the student, and the rule that picks the loss from what a graph's
 * output holds ({@link dev.mcs.worker.distill.training.OutputKind}).
 */
package dev.mcs.worker.distill.training;
