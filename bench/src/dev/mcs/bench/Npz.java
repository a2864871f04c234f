package dev.mcs.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Minimal writer and reader of 2-D little-endian int64 arrays in a numpy .npz (NPY format 1.0). */
final class Npz {

    /** A row-major [rows, cols] int64 matrix. */
    record LongMatrix(int rows, int cols, long[] data) {
        long[] row(int r) {
            long[] out = new long[cols];
            System.arraycopy(data, r * cols, out, 0, cols);
            return out;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

    private Npz() {}

    static void write(Path file, Map<String, LongMatrix> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, LongMatrix> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
        }
    }

    static Map<String, LongMatrix> read(Path file) throws IOException {
        Map<String, LongMatrix> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName().replaceFirst("\\.npy$", "");
                out.put(name, parse(zip.readAllBytes(), name));
            }
        }
        return out;
    }

    private static byte[] npy(LongMatrix m) {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + m.rows() + ", " + m.cols() + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 8 * m.data().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (long v : m.data()) {
            buf.putLong(v);
        }
        return buf.array();
    }

    private static LongMatrix parse(byte[] bytes, String name) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (buf.get() != b) {
                throw new IOException(name + ": not an NPY entry");
            }
        }
        int major = buf.get();
        buf.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        byte[] headerBytes = new byte[headerLen];
        buf.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        if (!header.contains("'<i8'") || header.contains("'fortran_order': True")) {
            throw new IOException(name + ": only C-order <i8 arrays are supported, got " + header.trim());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(name + ": only 2-D arrays are supported, got " + header.trim());
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        long[] data = new long[rows * cols];
        buf.asLongBuffer().get(data);
        return new LongMatrix(rows, cols, data);
    }
}
