package dev.mcs.worker.inspect;

import java.util.List;

/**
 * A declared graph input or output.
 *
 * @param name tensor name
 * @param elementType element type, e.g. {@code float}, {@code int64}
 * @param shape dimensions as strings: a number, a symbolic name such as {@code batch}, or {@code ?} if unknown
 */
public record TensorSpec(String name, String elementType, List<String> shape) {}
