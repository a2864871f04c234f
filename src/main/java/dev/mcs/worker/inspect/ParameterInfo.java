package dev.mcs.worker.inspect;

import java.util.List;

/**
 * One TorchScript parameter.
 *
 * @param name qualified name, e.g. {@code fc1.weight}
 * @param shape dimensions
 * @param dtype DJL data type name, e.g. {@code float32}
 */
public record ParameterInfo(String name, List<Long> shape, String dtype) {}
