package dev.mcs.shared.format.npz;

import static dev.mcs.shared.format.npz.NpzTestArchives.data;
import static dev.mcs.shared.format.npz.NpzTestArchives.entries;
import static dev.mcs.shared.format.npz.NpzTestArchives.header;
import static dev.mcs.shared.format.npz.NpzTestArchives.npy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzArchiveDtypesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(chars = {'<', '>'})
    void readsFloat32ArrayWithItsShape(char order) throws IOException {
        byte[] values = data(order, 24, b -> b.putFloat(1.5f).putFloat(-2f).putFloat(0f)
                .putFloat(3.25f).putFloat(Float.NaN).putFloat(1e-7f));
        try (NpzArchive archive = archiveOf(order + "f4", "(2, 3)", values)) {
            assertThat(archive.arrays()).containsExactly(new NpyArrayInfo("x", "float32", List.of(2L, 3L)));
            assertThat(archive.readFloats("x")).containsExactly(1.5f, -2f, 0f, 3.25f, Float.NaN, 1e-7f);
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'<', '>'})
    void narrowsFloat64ToFloat(char order) throws IOException {
        byte[] values = data(order, 24, b -> b.putDouble(0.1).putDouble(-1e10).putDouble(Double.MAX_VALUE));
        try (NpzArchive archive = archiveOf(order + "f8", "(3,)", values)) {
            assertThat(archive.find("x")).map(NpyArrayInfo::dtype).hasValue("float64");
            assertThat(archive.readFloats("x")).containsExactly(0.1f, -1e10f, Float.POSITIVE_INFINITY);
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'<', '>'})
    void widensFloat16IncludingSubnormalsAndInfinity(char order) throws IOException {
        short[] halves = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, (short) 0x8000, 0x3555};
        byte[] values = data(order, halves.length * 2, b -> {
            for (short half : halves) {
                b.putShort(half);
            }
        });
        try (NpzArchive archive = archiveOf(order + "f2", "(7,)", values)) {
            assertThat(archive.find("x")).map(NpyArrayInfo::dtype).hasValue("float16");
            assertThat(archive.readFloats("x")).containsExactly(
                    1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, -0f, 0.333251953125f);
        }
    }

    @Test
    void widensFloat16NotANumberToFloatNaN() throws IOException {
        try (NpzArchive archive = archiveOf("<f2", "(1,)", data('<', 2, b -> b.putShort((short) 0x7E00)))) {
            assertThat(archive.readFloats("x")[0]).isNaN();
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'<', '>', '|'})
    void readsSignedAndUnsignedBytes(char order) throws IOException {
        byte[] values = {(byte) -128, 0, 127, (byte) 255};
        try (NpzArchive archive = NpzArchive.open(NpzTestArchives.zip(dir.resolve("b.npz"), entries(
                "signed.npy", npy(order + "i1", "(4,)", values),
                "unsigned.npy", npy(order + "u1", "(4,)", values)), ZipEntry.STORED))) {
            assertThat(archive.readInts("signed")).containsExactly(-128, 0, 127, -1);
            assertThat(archive.readInts("unsigned")).containsExactly(128, 0, 127, 255);
            assertThat(archive.readFloats("unsigned")).containsExactly(128f, 0f, 127f, 255f);
            assertThat(archive.arrays()).extracting(NpyArrayInfo::dtype).containsExactly("int8", "uint8");
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'<', '>'})
    void readsInt16AndInt32(char order) throws IOException {
        byte[] shorts = data(order, 6, b -> b.putShort(Short.MIN_VALUE).putShort((short) 7).putShort(Short.MAX_VALUE));
        byte[] ints = data(order, 8, b -> b.putInt(Integer.MIN_VALUE).putInt(123_456));
        try (NpzArchive archive = NpzArchive.open(NpzTestArchives.zip(dir.resolve("i.npz"), entries(
                "s.npy", npy(order + "i2", "(3,)", shorts),
                "i.npy", npy(order + "i4", "(2, 1)", ints)), ZipEntry.DEFLATED))) {
            assertThat(archive.readInts("s")).containsExactly(Short.MIN_VALUE, 7, Short.MAX_VALUE);
            assertThat(archive.readLongs("i")).containsExactly(Integer.MIN_VALUE, 123_456);
            assertThat(archive.readFloats("i")).containsExactly(-2.14748365E9f, 123_456f);
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'<', '>'})
    void readsInt64AtFullRange(char order) throws IOException {
        byte[] values = data(order, 24, b -> b.putLong(Long.MIN_VALUE).putLong(-1).putLong(Long.MAX_VALUE));
        try (NpzArchive archive = archiveOf(order + "i8", "(3,)", values)) {
            assertThat(archive.readLongs("x")).containsExactly(Long.MIN_VALUE, -1, Long.MAX_VALUE);
            assertThat(archive.readFloats("x")).containsExactly(-9.223372E18f, -1f, 9.223372E18f);
        }
    }

    @Test
    void readsBoolAsZeroAndOne() throws IOException {
        try (NpzArchive archive = archiveOf("|b1", "(3,)", new byte[] {1, 0, 1})) {
            assertThat(archive.find("x")).map(NpyArrayInfo::dtype).hasValue("bool");
            assertThat(archive.readInts("x")).containsExactly(1, 0, 1);
            assertThat(archive.readFloats("x")).containsExactly(1f, 0f, 1f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void readsNpyVersionsTwoAndThree(int majorVersion) throws IOException {
        byte[] content = npy(majorVersion, header("<i4", "(2,)"), data('<', 8, b -> b.putInt(4).putInt(5)));
        try (NpzArchive archive = NpzArchive.open(NpzTestArchives.zip(dir.resolve("v.npz"),
                entries("x.npy", content), ZipEntry.DEFLATED))) {
            assertThat(archive.readInts("x")).containsExactly(4, 5);
        }
    }

    @Test
    void readsScalarAndEmptyArrays() throws IOException {
        try (NpzArchive archive = NpzArchive.open(NpzTestArchives.zip(dir.resolve("s.npz"), entries(
                "scalar.npy", npy("<f4", "()", data('<', 4, b -> b.putFloat(2.5f))),
                "empty.npy", npy("<f4", "(0, 64)", new byte[0])), ZipEntry.STORED))) {
            assertThat(archive.find("scalar")).map(NpyArrayInfo::shape).hasValue(List.of());
            assertThat(archive.readFloats("scalar")).containsExactly(2.5f);
            assertThat(archive.readFloats("empty")).isEmpty();
        }
    }

    @Test
    void readsArraysLargerThanOneChunk() throws IOException {
        int count = 50_000;
        byte[] values = data('>', count * 8, b -> {
            for (int i = 0; i < count; i++) {
                b.putLong(i);
            }
        });
        try (NpzArchive archive = archiveOf(">i8", "(" + count + ",)", values)) {
            long[] read = archive.readLongs("x");
            assertThat(read).hasSize(count);
            assertThat(read[count - 1]).isEqualTo(count - 1);
            assertThat(read[8193]).isEqualTo(8193);
        }
    }

    @Test
    void refusesToReadFloatsAsLongs() throws IOException {
        try (NpzArchive archive = archiveOf("<f4", "(1,)", new byte[4])) {
            assertThatThrownBy(() -> archive.readLongs("x"))
                    .isInstanceOf(NpzFormatException.class).hasMessageContaining("'x'").hasMessageContaining("float32");
            assertThatThrownBy(() -> archive.readInts("x")).isInstanceOf(NpzFormatException.class);
        }
    }

    @Test
    void refusesIntsOutsideTheIntRange() throws IOException {
        try (NpzArchive archive = archiveOf("<i8", "(2,)", data('<', 16, b -> b.putLong(1).putLong(1L << 40)))) {
            assertThatThrownBy(() -> archive.readInts("x"))
                    .isInstanceOf(NpzFormatException.class).hasMessageContaining("index 1");
        }
    }

    @Test
    void refusesToReadAnArrayThatIsNotThere() throws IOException {
        try (NpzArchive archive = archiveOf("<f4", "(1,)", new byte[4])) {
            assertThatThrownBy(() -> archive.readFloats("y"))
                    .isInstanceOf(NpzFormatException.class).hasMessageContaining("'y'").hasMessageContaining("[x]");
        }
    }

    private NpzArchive archiveOf(String descr, String shape, byte[] values) throws IOException {
        Path file = NpzTestArchives.zip(dir.resolve("x.npz"), entries("x.npy", npy(descr, shape, values)),
                ZipEntry.STORED);
        return NpzArchive.open(file);
    }
}
