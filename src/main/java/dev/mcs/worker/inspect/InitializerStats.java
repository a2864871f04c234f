package dev.mcs.worker.inspect;


/**
 * Initializers of one element type.
 *
 * @param count number of initializers
 * @param bytes bytes of their data as stored
 * @param elements number of elements
 */
public record InitializerStats(int count, long bytes, long elements) {}
