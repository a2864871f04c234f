/**
 * DISTILL, worker side: the teacher's outputs are computed once in ONNX Runtime, a student (generated, uploaded, or
 * cut from the teacher's own encoder layers) is trained on them with the trainable ONNX executor, and the best
 * checkpoint on a validation slice of the training data becomes the output model. Its API side is
 * {@code dev.mcs.shared.technique.distill}.
 */
package dev.mcs.worker.distill;
