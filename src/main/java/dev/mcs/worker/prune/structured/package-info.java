/**
 * {@code structured} pruning: finds groups of units that can leave the graph together (a Conv's output channels with
 * their BatchNormalization entries, depthwise convolutions and the next layer's input channels; an FFN's hidden
 * neurons with their bias and the next MatMul's rows; an attention layer's heads across Q, K, V and the output
 * projection, with the reshape constants that count them), scores the units (weights, calibration variance, or
 * gradient x weight on the trainable executor), ranks them across layers within each kind and cuts the lowest out of
 * every tensor that holds them. Dimensions that meet a tensor from outside the group (a residual add,
 * a reshape into heads, a graph output) are left alone, except a residual stream written by Convs when
 * {@code residualStreams} is {@code prune}: its writers and readers then form one group ({@link
 * dev.mcs.worker.prune.structured.ResidualStreams}).
 */
package dev.mcs.worker.prune.structured;
