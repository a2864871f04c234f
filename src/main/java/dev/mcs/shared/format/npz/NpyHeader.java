package dev.mcs.shared.format.npz;

import java.nio.ByteOrder;
import java.util.List;

/**
 * What an NPY header says about the data that follows it.
 *
 * @param dtype element type
 * @param byteOrder byte order of every element
 * @param shape dimensions, C order
 * @param dataOffset bytes from the start of the NPY file to the first element
 */
record NpyHeader(NpyDtype dtype, ByteOrder byteOrder, List<Long> shape, long dataOffset) {

    NpyHeader {
        shape = List.copyOf(shape);
    }

    /** Element count, or -1 when it does not fit in a long. */
    long elementCountOrOverflow() {
        try {
            return shape.stream().reduce(1L, Math::multiplyExact);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** Bytes of element data, or -1 when it does not fit in a long. */
    long dataLengthOrOverflow() {
        long count = elementCountOrOverflow();
        if (count < 0 || count > Long.MAX_VALUE / dtype.itemSize()) {
            return -1;
        }
        return count * dtype.itemSize();
    }

    NpyArrayInfo toInfo(String arrayName) {
        return new NpyArrayInfo(arrayName, dtype.numpyName(), shape);
    }
}
