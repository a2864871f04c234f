package dev.mcs.shared.format.npz;

import java.util.List;

/**
 * Name, numpy dtype and shape of one array inside an NPZ archive.
 *
 * @param name array name (the entry name without {@code .npy})
 * @param dtype numpy dtype string without byte order, e.g. {@code float32}, {@code int64}
 * @param shape dimensions, outermost first; the first dimension is the sample axis
 */
public record NpyArrayInfo(String name, String dtype, List<Long> shape) {

    /** Number of elements in the whole array. */
    public long elementCount() {
        return shape.stream().reduce(1L, Math::multiplyExact);
    }
}
