/**
 * Distillation losses and the learning-rate schedule, as NDArray functions on DJL's PyTorch engine so that
 * gradients flow through them to whatever executes the student.
 */
package dev.mcs.worker.distill.training;
