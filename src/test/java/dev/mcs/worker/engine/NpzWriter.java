package dev.mcs.worker.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small NPZ files for tests: float32 and int64 arrays, little-endian, NPY format 1.0. */
public final class NpzWriter implements AutoCloseable {

    private final ZipOutputStream zip;

    public NpzWriter(Path path) throws IOException {
        this.zip = new ZipOutputStream(Files.newOutputStream(path));
    }

    public NpzWriter floats(String name, float[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        return entry(name, "<f4", shape, data.array());
    }

    public NpzWriter longs(String name, long[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        data.asLongBuffer().put(values);
        return entry(name, "<i8", shape, data.array());
    }

    private NpzWriter entry(String name, String descr, long[] shape, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        writeHeader(zip, descr, shape);
        zip.write(data);
        zip.closeEntry();
        return this;
    }

    private static void writeHeader(OutputStream out, String descr, long[] shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String tuple = shape.length == 1 ? "(" + dims + ",)" : "(" + dims + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
