/**
 * Worker JVM: a trainable ONNX executor. An ONNX graph is interpreted node by node with DJL operations on the
 * PyTorch engine; float initializers become trainable {@link ai.djl.nn.Parameter}s, every intermediate tensor can
 * be read, and trained values are written back into a copy of the ONNX file. Before a model is trusted, its
 * operators are checked against the registry ({@link UnsupportedOperatorsException} names the missing ones) and
 * its outputs against ONNX Runtime ({@link OrtParity}). The foundation of DISTILL and of PRUNE's recovery.
 */
package dev.mcs.worker.train.onnx;
