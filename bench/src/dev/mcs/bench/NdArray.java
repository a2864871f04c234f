package dev.mcs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An N-dimensional little-endian array from a numpy .npz of any rank, kept as raw bytes with its dtype
 * ({@code <f4}, {@code <i8}, {@code <i4}…), so arrays can be sliced along the sample axis and written back
 * untouched. {@link Npz} reads and writes 2-D int64 token arrays through it.
 *
 * @param descr numpy dtype string, e.g. {@code <f4}
 * @param shape dimensions; {@code shape[0]} is the sample axis
 * @param data C-order element bytes
 */
record NdArray(String descr, long[] shape, byte[] data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    int rows() {
        return (int) shape[0];
    }

    int itemSize() {
        return Integer.parseInt(descr.substring(2));
    }

    /** Elements of one sample (product of all dimensions but the first). */
    int rowElements() {
        long n = 1;
        for (int d = 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return (int) n;
    }

    /** Samples {@code [from, to)}. */
    NdArray rows(int from, int to) {
        int rowBytes = rowElements() * itemSize();
        long[] s = shape.clone();
        s[0] = to - from;
        return new NdArray(descr, s, Arrays.copyOfRange(data, from * rowBytes, to * rowBytes));
    }

    ByteBuffer row(int r) {
        int rowBytes = rowElements() * itemSize();
        return ByteBuffer.wrap(data, r * rowBytes, rowBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    long[] longRow(int r) {
        long[] out = new long[rowElements()];
        if (descr.equals("<i8")) {
            row(r).asLongBuffer().get(out);
        } else if (descr.equals("<i4")) {
            int[] ints = new int[out.length];
            row(r).asIntBuffer().get(ints);
            Arrays.setAll(out, i -> ints[i]);
        } else {
            throw new IllegalArgumentException("not an integer array: " + descr);
        }
        return out;
    }

    static Map<String, NdArray> readAll(Path file) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName().replaceFirst("\\.npy$", "");
                out.put(name, parse(zip.readAllBytes(), name));
            }
        }
        return out;
    }

    static void writeAll(Path file, Map<String, NdArray> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue().npy());
                zip.closeEntry();
            }
        }
    }

    private byte[] npy() {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        return buf.put(header.getBytes(StandardCharsets.US_ASCII)).put(data).array();
    }

    private static NdArray parse(byte[] bytes, String name) throws IOException {
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
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True") || !d.group(1).startsWith("<")) {
            throw new IOException(name + ": only C-order little-endian arrays are supported, got " + header.trim());
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        byte[] data = Arrays.copyOfRange(bytes, buf.position(), bytes.length);
        return new NdArray(d.group(1), shape, data);
    }
}
