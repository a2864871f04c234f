package dev.mcs.shared.format.npz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Streams NPY element data into Java arrays in fixed-size chunks, so no second full-size copy is made. */
final class NpyDataReader {

    // A multiple of every item size, so an element never straddles two chunks.
    private static final int CHUNK_BYTES = 1 << 16;

    /** Receives one element; the buffer is positioned at it and must be advanced past it. */
    @FunctionalInterface
    interface ElementSink {
        void accept(ByteBuffer data, long index) throws NpzFormatException;
    }

    private NpyDataReader() {
    }

    static float[] readFloats(InputStream in, NpyHeader header, int count, String arrayName) throws IOException {
        float[] values = new float[count];
        NpyDtype dtype = header.dtype();
        readElements(in, header, count, arrayName, (data, i) -> values[(int) i] = dtype.readFloat(data));
        return values;
    }

    static long[] readLongs(InputStream in, NpyHeader header, int count, String arrayName) throws IOException {
        long[] values = new long[count];
        NpyDtype dtype = header.dtype();
        readElements(in, header, count, arrayName, (data, i) -> values[(int) i] = dtype.readLong(data));
        return values;
    }

    static int[] readInts(InputStream in, NpyHeader header, int count, String arrayName) throws IOException {
        int[] values = new int[count];
        NpyDtype dtype = header.dtype();
        readElements(in, header, count, arrayName, (data, i) -> values[(int) i] = toInt(dtype.readLong(data), i, arrayName));
        return values;
    }

    private static int toInt(long value, long index, String arrayName) throws NpzFormatException {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw NpzFormatException.forArray(arrayName,
                    "value " + value + " at index " + index + " does not fit in an int");
        }
        return (int) value;
    }

    /** Streams every element once; 0 for integer dtypes, whose values are all finite. */
    static long countNonFinite(InputStream in, NpyHeader header, String arrayName) throws IOException {
        NpyDtype dtype = header.dtype();
        long[] nonFinite = {0};
        ElementSink sink = dtype.isFloatingPoint()
                ? (data, i) -> nonFinite[0] += Float.isFinite(dtype.readFloat(data)) ? 0 : 1
                : (data, i) -> data.position(data.position() + dtype.itemSize());
        readElements(in, header, header.elementCountOrOverflow(), arrayName, sink);
        return nonFinite[0];
    }

    private static void readElements(InputStream in, NpyHeader header, long count, String arrayName, ElementSink sink)
            throws IOException {
        int itemSize = header.dtype().itemSize();
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1L, count * itemSize))];
        int perChunk = chunk.length / itemSize;
        long index = 0;
        while (index < count) {
            int elements = (int) Math.min(perChunk, count - index);
            int bytes = elements * itemSize;
            if (in.readNBytes(chunk, 0, bytes) < bytes) {
                throw NpzFormatException.forArray(arrayName,
                        "data is truncated after " + index + " of " + count + " elements");
            }
            ByteBuffer data = ByteBuffer.wrap(chunk, 0, bytes).order(header.byteOrder());
            for (int i = 0; i < elements; i++) {
                sink.accept(data, index++);
            }
        }
    }
}
