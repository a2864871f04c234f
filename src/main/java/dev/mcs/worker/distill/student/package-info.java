/**
 * Students the service designs itself for fixed-shape classifiers: a small MLP or CNN (optionally with
 * depthwise-separable convolutions) written as an ordinary ONNX graph with seeded initial weights, sized to about a
 * tenth of the teacher's parameters unless the job gives widths. Training them is the distillation runner's part.
 */
package dev.mcs.worker.distill.student;
