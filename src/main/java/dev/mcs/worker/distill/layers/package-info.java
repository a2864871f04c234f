/**
 * Transformer encoders cut down to some of their layers: the layers are found from the graph's structure (the
 * residual stream between LayerNorm boundaries, fused or decomposed), and a student keeps a subset of them with the
 * residual stream rewired past the others and the teacher's weights. Training it is the distillation runner's part.
 */
package dev.mcs.worker.distill.layers;
