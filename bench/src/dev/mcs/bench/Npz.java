package dev.mcs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** 2-D little-endian int64 arrays (token ids and masks) in a numpy .npz, on top of {@link NdArray}. */
final class Npz {

    /** A row-major [rows, cols] int64 matrix. */
    record LongMatrix(int rows, int cols, long[] data) {
        long[] row(int r) {
            long[] out = new long[cols];
            System.arraycopy(data, r * cols, out, 0, cols);
            return out;
        }
    }

    private static final String INT64 = "<i8";

    private Npz() {}

    static void write(Path file, Map<String, LongMatrix> arrays) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        arrays.forEach((name, m) -> {
            ByteBuffer bytes = ByteBuffer.allocate(m.data().length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(m.data());
            out.put(name, new NdArray(INT64, new long[] {m.rows(), m.cols()}, bytes.array()));
        });
        NdArray.writeAll(file, out);
    }

    static Map<String, LongMatrix> read(Path file) throws IOException {
        Map<String, LongMatrix> out = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : NdArray.readAll(file).entrySet()) {
            NdArray a = e.getValue();
            if (!a.descr().equals(INT64) || a.shape().length != 2) {
                throw new IOException(e.getKey() + ": only 2-D <i8 arrays are supported, got " + a.descr()
                        + " " + java.util.Arrays.toString(a.shape()));
            }
            long[] data = new long[a.rows() * a.rowElements()];
            ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(data);
            out.put(e.getKey(), new LongMatrix(a.rows(), a.rowElements(), data));
        }
        return out;
    }
}
