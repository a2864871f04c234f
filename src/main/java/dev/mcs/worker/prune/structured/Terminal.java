package dev.mcs.worker.prune.structured;

/**
 * A layer that reads a group's units as its input features.
 *
 * @param probe the tensor it reads, measured for the {@code activation} criterion
 * @param channelAxis whether the features are on axis 1 (a Conv's input) rather than the last axis
 * @param weight its weight's input axis
 * @param bias its bias initializer, where removed features' mean contribution can be folded; null if none
 */
record Terminal(String probe, boolean channelAxis, Cut weight, String bias) {}
