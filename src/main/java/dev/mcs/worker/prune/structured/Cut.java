package dev.mcs.worker.prune.structured;

/**
 * Where a group's units live in one initializer: unit {@code u} is every entry whose index along {@code axis} lies in
 * [u * block, (u + 1) * block). A block above 1 is a flattened channel (its spatial positions).
 */
record Cut(String initializer, int axis, int block) {}
