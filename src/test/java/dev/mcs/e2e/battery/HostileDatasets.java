package dev.mcs.e2e.battery;

import static dev.mcs.shared.format.npz.NpzTestArchives.entries;
import static dev.mcs.shared.format.npz.NpzTestArchives.header;
import static dev.mcs.shared.format.npz.NpzTestArchives.npy;

import dev.mcs.shared.format.npz.NpzArchiveLimitsTest;
import dev.mcs.shared.format.npz.NpzTestArchives;
import dev.mcs.support.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Hostile dataset uploads: damaged NPZ fixtures, zip bombs, slip names, symlinks, pickles, lying headers, NaN. */
final class HostileDatasets {

    private static final HostileInput.Target DATASET = HostileInput.Target.DATASET;
    private static final int ROWS = 4;
    private static final int WIDTH = 64;

    private HostileDatasets() {}

    static List<HostileInput> all(Path scratch) throws IOException {
        List<HostileInput> inputs = new ArrayList<>();
        long seed = 100;
        for (Path source : List.of(Fixtures.MLP_HOLDOUT, Fixtures.DIR.resolve("digits_mlp_holdout_compressed.npz"),
                Fixtures.CNN_HOLDOUT)) {
            byte[] bytes = Files.readAllBytes(source);
            String name = source.getFileName().toString();
            inputs.addAll(Mutations.flips(name, bytes, DATASET, 30, seed++));
            inputs.addAll(Mutations.truncations(name, bytes, DATASET, 10, seed++));
        }
        inputs.addAll(bombs(scratch));
        inputs.addAll(names());
        inputs.addAll(headers());
        inputs.addAll(nonFinite());
        inputs.add(dataset("a symlink entry to /etc/passwd", symlink()));
        return inputs;
    }

    private static List<HostileInput> bombs(Path scratch) throws IOException {
        byte[] bomb = Files.readAllBytes(NpzArchiveLimitsTest.zerosArchive(scratch.resolve("bomb.npz"), 300L << 20));
        byte[] valid = Files.readAllBytes(Fixtures.MLP_HOLDOUT);
        return List.of(dataset("300 MB of zeros deflated to a few hundred KB", bomb),
                dataset("a central directory declaring 2 GB", declaredSize(valid, Integer.MAX_VALUE)),
                dataset("a central directory declaring 4 GB - 1", declaredSize(valid, -1)),
                dataset("a central directory declaring one byte less", declaredSize(valid, -2)));
    }

    private static List<HostileInput> names() throws IOException {
        List<HostileInput> inputs = new ArrayList<>();
        for (String name : List.of("../input.npy", "/tmp/input.npy", "a/../../input.npy", "..\\input.npy",
                "in\u0000put.npy", "input.npy/", ".npy", "input.NPY")) {
            inputs.add(dataset("an entry named '" + name.replace("\u0000", "\\0") + "'",
                    zip(entries(name, floats(WIDTH * ROWS, i -> 0.5f)))));
        }
        return inputs;
    }

    private static List<HostileInput> headers() throws IOException {
        List<HostileInput> inputs = new ArrayList<>();
        byte[] data = new byte[ROWS * WIDTH * 4];
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("a pickled object array", header("|O", "(4, 64)"));
        headers.put("a shape larger than the data", header("<f4", "(40, 64)"));
        headers.put("a shape smaller than the data", header("<f4", "(2, 64)"));
        headers.put("a negative dimension", header("<f4", "(-4, 64)"));
        headers.put("an overflowing shape", header("<f4", "(9223372036854775807, 9223372036854775807)"));
        headers.put("a float3 dtype", header("<f3", "(4, 64)"));
        headers.put("a complex dtype", header("<c8", "(4, 32)"));
        headers.put("a unicode string dtype", header("<U4", "(4, 16)"));
        headers.put("fortran order", "{'descr': '<f4', 'fortran_order': True, 'shape': (4, 64), }");
        headers.put("a header that is not a dict", "[1, 2, 3]");
        headers.put("a header with code in it", "__import__('os').system('touch /tmp/pwned')");
        headers.put("a scalar shape", header("<f4", "()"));
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            inputs.add(dataset(entry.getKey(), zip(entries("input.npy", npy(1, entry.getValue(), data)))));
        }
        inputs.add(dataset("NPY version 9", zip(entries("input.npy", npy(9, header("<f4", "(4, 64)"), data)))));
        inputs.add(dataset("float labels", zip(entries("input.npy", floats(WIDTH * ROWS, i -> 1f),
                "labels.npy", npy("<f4", "(4,)", new byte[16])))));
        inputs.add(dataset("labels of another length", zip(entries("input.npy", floats(WIDTH * ROWS, i -> 1f),
                "labels.npy", npy("<i8", "(3,)", new byte[24])))));
        inputs.add(dataset("the same array twice", zip(entries("input.npy", floats(WIDTH * ROWS, i -> 1f)),
                "input.npy")));
        inputs.add(dataset("an empty archive", zip(Map.of())));
        return inputs;
    }

    private static List<HostileInput> nonFinite() throws IOException {
        return List.of(
                dataset("a NaN", zip(entries("input.npy", floats(WIDTH * ROWS, i -> i == 7 ? Float.NaN : 0f)))),
                dataset("every value NaN", zip(entries("input.npy", floats(WIDTH * ROWS, i -> Float.NaN)))),
                dataset("+Inf", zip(entries("input.npy", floats(WIDTH * ROWS, i -> i == 0 ? Float.POSITIVE_INFINITY : 1)))),
                dataset("a float64 beyond float range", zip(entries("input.npy", npy("<f8", "(4, 64)",
                        buffer(ROWS * WIDTH * 8, b -> { while (b.hasRemaining()) b.putDouble(1e300); }))))),
                dataset("a float16 infinity", zip(entries("input.npy", npy("<f2", "(4, 64)",
                        buffer(ROWS * WIDTH * 2, b -> { while (b.hasRemaining()) b.putShort((short) 0x7c00); }))))));
    }

    private static HostileInput dataset(String name, byte[] content) {
        return new HostileInput(name, DATASET, content);
    }

    private static byte[] floats(int count, java.util.function.IntFunction<Float> value) {
        return npy("<f4", "(" + ROWS + ", " + count / ROWS + ")", buffer(count * 4, b -> {
            for (int i = 0; i < count; i++) {
                b.putFloat(value.apply(i));
            }
        }));
    }

    private static byte[] buffer(int length, Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        writer.accept(buffer);
        return buffer.array();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        return NpzTestArchives.zipBytes(entries, ZipEntry.DEFLATED);
    }

    /** The archive written twice over: two entries with one name. */
    private static byte[] zip(Map<String, byte[]> entries, String duplicate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (int copy = 0; copy < 2; copy++) {
                zip.putArchiveEntry(new ZipArchiveEntry(duplicate));
                zip.write(entries.get(duplicate));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] symlink() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry entry = new ZipArchiveEntry("input.npy");
            entry.setUnixMode(0120777);
            zip.putArchiveEntry(entry);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** Rewrites the uncompressed size of every central-directory record (-2: one byte less than the truth). */
    private static byte[] declaredSize(byte[] archive, int size) {
        byte[] patched = archive.clone();
        ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= patched.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, size == -2 ? buffer.getInt(i + 24) - 1 : size);
            }
        }
        return patched;
    }
}
