package dev.mcs.shared.format.npz;

import static dev.mcs.shared.format.npz.NpzTestArchives.entries;
import static dev.mcs.shared.format.npz.NpzTestArchives.npy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class NpzArchiveLimitsTest {

    private static final long MIB = 1 << 20;
    private static final NpzLimits LIMITS = new NpzLimits(256 * MIB, 100, MIB);

    @TempDir
    Path dir;

    @Test
    void anArchiveThatInflatesAThousandfoldIsRefusedBeforeItsDataIsRead() throws IOException {
        Path bomb = zerosArchive(dir.resolve("bomb.npz"), 64 * MIB);
        assertThat(Files.size(bomb)).isLessThan(MIB);

        assertThatThrownBy(() -> NpzArchive.open(bomb, LIMITS)).isInstanceOf(NpzFormatException.class)
                .hasMessageContaining("zip bomb").hasMessageContaining("x.npy");
    }

    @Test
    void anArchiveWhoseArraysTogetherExceedTheExpandedSizeIsRefused() throws IOException {
        Path big = zerosArchive(dir.resolve("big.npz"), 8 * MIB);
        NpzLimits small = new NpzLimits(4 * MIB, Long.MAX_VALUE, 0);

        assertThatThrownBy(() -> NpzArchive.open(big, small)).isInstanceOf(NpzFormatException.class)
                .hasMessageContaining("expands to more than " + 4 * MIB);
    }

    @Test
    void aHighlyCompressibleArrayBelowTheRatioFloorIsAccepted() throws IOException {
        Path padded = zerosArchive(dir.resolve("padded.npz"), MIB / 2);

        try (NpzArchive archive = NpzArchive.open(padded, LIMITS)) {
            assertThat(archive.countNonFinite("x")).isZero();
        }
    }

    @Test
    void nonFiniteValuesAreCountedInFloatArraysIncludingDoublesBeyondFloatRange() throws IOException {
        byte[] floats = littleEndian(16, b -> b.putFloat(1f).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY)
                .putFloat(2f));
        byte[] doubles = littleEndian(16, b -> b.putDouble(1e300).putDouble(0.5));
        Path file = NpzTestArchives.zip(dir.resolve("nan.npz"), entries("f.npy", npy("<f4", "(4,)", floats),
                "d.npy", npy("<f8", "(2,)", doubles), "i.npy", npy("<i8", "(2,)", new byte[16])), ZipEntry.DEFLATED);

        try (NpzArchive archive = NpzArchive.open(file, LIMITS)) {
            assertThat(archive.countNonFinite("f")).isEqualTo(2);
            assertThat(archive.countNonFinite("d")).isEqualTo(1);
            assertThat(archive.countNonFinite("i")).isZero();
        }
    }

    /** One float32 array of {@code bytes} zero bytes, deflated as a stream so the test never holds it. */
    public static Path zerosArchive(Path file, long bytes) throws IOException {
        byte[] header = npy("<f4", "(" + bytes / 4 + ",)", new byte[0]);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(header);
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, bytes - written));
            }
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] littleEndian(int length, java.util.function.Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        writer.accept(buffer);
        return buffer.array();
    }
}
