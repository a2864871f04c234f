package dev.mcs.shared.format.npz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds NPY bytes and NPZ archives by hand, the way numpy lays them out, for the NPZ tests. */
public final class NpzTestArchives {

    private NpzTestArchives() {
    }

    /** The header numpy writes for a C-ordered array. */
    public static String header(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** An NPY 1.0 file. */
    public static byte[] npy(String descr, String shape, byte[] data) {
        return npy(1, header(descr, shape), data);
    }

    /** An NPY file of the given major version whose header is padded to 64 bytes as numpy does. */
    public static byte[] npy(int majorVersion, String header, byte[] data) {
        int lengthFieldSize = majorVersion == 1 ? 2 : 4;
        int unpadded = 8 + lengthFieldSize + header.getBytes(StandardCharsets.UTF_8).length + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] headerBytes = padded.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + lengthFieldSize + headerBytes.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) majorVersion, 0});
        if (majorVersion == 1) {
            buffer.putShort((short) headerBytes.length);
        } else {
            buffer.putInt(headerBytes.length);
        }
        return buffer.put(headerBytes).put(data).array();
    }

    /** Element bytes in the byte order named by an NPY order character. */
    public static byte[] data(char orderChar, int length, Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(length)
                .order(orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        writer.accept(buffer);
        return buffer.array();
    }

    public static Map<String, byte[]> entries(Object... namesAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put((String) namesAndContents[i], (byte[]) namesAndContents[i + 1]);
        }
        return entries;
    }

    public static Path zip(Path file, Map<String, byte[]> entries, int method) throws IOException {
        Files.write(file, zipBytes(entries, method));
        return file;
    }

    public static byte[] zipBytes(Map<String, byte[]> entries, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(zipEntry(entry.getKey(), entry.getValue(), method));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static ZipEntry zipEntry(String name, byte[] content, int method) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            // ZipOutputStream needs size and CRC up front for stored entries, as numpy's writer provides.
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }
}
