package dev.mcs.shared.format.npz;

import static dev.mcs.shared.format.npz.NpzTestArchives.entries;
import static dev.mcs.shared.format.npz.NpzTestArchives.header;
import static dev.mcs.shared.format.npz.NpzTestArchives.npy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpzArchiveRejectionTest {

    private static final byte[] TWO_FLOATS = new byte[8];

    @TempDir
    Path dir;

    @Test
    void rejectsAFileThatIsNotAZipAtAll() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.npz"), "just some text, no zip here");
        assertRejected(file).hasMessageContaining("plain.npz").hasMessageContaining("not a readable zip");
    }

    @Test
    void rejectsAnEmptyArchive() throws IOException {
        assertRejected(zip(Map.of())).hasMessageContaining("holds no arrays");
    }

    @Test
    void rejectsAnEntryThatIsNotNpy() throws IOException {
        assertRejected(zip(entries("x.npy", npy("<f4", "(2,)", TWO_FLOATS), "notes.txt", new byte[3])))
                .hasMessageContaining("'notes.txt'").hasMessageContaining("not an .npy");
    }

    @Test
    void rejectsDuplicateArrayNames() throws IOException {
        byte[] zip = NpzTestArchives.zipBytes(entries(
                "a.npy", npy("<f4", "(2,)", TWO_FLOATS), "b.npy", npy("<f4", "(2,)", TWO_FLOATS)), ZipEntry.STORED);
        // ZipOutputStream refuses duplicate names, so rename the second entry in place (same length).
        replaceAll(zip, "b.npy", "a.npy");
        assertRejected(Files.write(dir.resolve("dup.npz"), zip))
                .hasMessageContaining("'a'").hasMessageContaining("more than once");
    }

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] content = npy("<f4", "(2,)", TWO_FLOATS);
        content[1] = 'X';
        assertRejected(zip(entries("x.npy", content))).hasMessageContaining("'x'").hasMessageContaining("bad magic");
    }

    @Test
    void rejectsAnUnknownNpyVersion() throws IOException {
        byte[] content = npy("<f4", "(2,)", TWO_FLOATS);
        content[6] = 4;
        assertRejected(zip(entries("x.npy", content))).hasMessageContaining("version 4.0");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        assertRejected(zip(entries("x.npy", npy("<f4", "(3,)", TWO_FLOATS))))
                .hasMessageContaining("'x'").hasMessageContaining("truncated").hasMessageContaining("needs 12 bytes");
    }

    @Test
    void rejectsDataLongerThanTheShapeNeeds() throws IOException {
        assertRejected(zip(entries("x.npy", npy("<f4", "(1,)", TWO_FLOATS)))).hasMessageContaining("trailing bytes");
    }

    @Test
    void rejectsAFileThatEndsInsideTheHeader() throws IOException {
        byte[] content = Arrays.copyOf(npy("<f4", "(2,)", TWO_FLOATS), 30);
        assertRejected(zip(entries("x.npy", content))).hasMessageContaining("ends inside the NPY header");
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }";
        assertRejected(zip(entries("x.npy", npy(1, header, TWO_FLOATS)))).hasMessageContaining("Fortran");
    }

    @Test
    void rejectsObjectDtype() throws IOException {
        assertRejected(zip(entries("x.npy", npy("|O", "(1,)", TWO_FLOATS)))).hasMessageContaining("object dtype");
    }

    @Test
    void rejectsStructuredDtype() throws IOException {
        String header = "{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (1,), }";
        assertRejected(zip(entries("x.npy", npy(1, header, TWO_FLOATS)))).hasMessageContaining("structured");
    }

    @ParameterizedTest
    @CsvSource({"<u4", "<c8", "|f4", "=f4", "f4", "<U3", "<M8"})
    void rejectsUnsupportedDtypes(String descr) throws IOException {
        assertRejected(zip(entries("x.npy", npy(descr, "(2,)", TWO_FLOATS))))
                .hasMessageContaining("'x'").hasMessageContaining(descr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'descr': '<f4', 'shape': (2,), }                                           | header keys",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }       | unsupported header value",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 'y', }         | header keys",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }   | duplicate header key",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }                    | trailing comma",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }                  | non-negative integer",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [2], }                    | structured",
        "{'descr': '<f4', 'fortran_order': False, 'shape': 2, }                      | unsupported header value",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }                       | unsupported header value",
        "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }                    | fortran_order is not",
        "{'descr': True, 'fortran_order': False, 'shape': (2,), }                    | descr is not a string",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk              | after the header dict",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,),                     | header ends early",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }                    | expected ','",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }                    | expected ','",
        "'descr': '<f4', 'fortran_order': False, 'shape': (2,)                       | expected '{'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }| dimension too large",
    })
    void rejectsMalformedHeaders(String header, String problem) throws IOException {
        assertRejected(zip(entries("x.npy", npy(1, header.strip(), TWO_FLOATS))))
                .hasMessageContaining("Array 'x'").hasMessageContaining(problem);
    }

    @Test
    void rejectsAShapeWhoseByteCountOverflows() throws IOException {
        String header = header("<f8", "(4294967296, 4294967296)");
        assertRejected(zip(entries("x.npy", npy(1, header, TWO_FLOATS)))).hasMessageContaining("too large");
    }

    @Test
    void describesButRefusesToReadMoreElementsThanAJavaArrayHolds() throws IOException {
        long count = Integer.MAX_VALUE + 1L;
        byte[] content = npy("|b1", "(" + count + ",)", new byte[0]);
        byte[] zip = NpzTestArchives.zipBytes(entries("x.npy", content), ZipEntry.DEFLATED);
        // Claim the data is there rather than deflating 2 GiB: open() trusts the directory's size.
        setCentralDirectoryUncompressedSize(zip, content.length + count);
        try (NpzArchive archive = NpzArchive.open(Files.write(dir.resolve("big.npz"), zip))) {
            assertThat(archive.arrays()).containsExactly(new NpyArrayInfo("x", "bool", List.of(count)));
            assertThatThrownBy(() -> archive.readLongs("x"))
                    .isInstanceOf(NpzFormatException.class).hasMessageContaining("more than a Java array holds");
        }
    }

    @Test
    void reportsAMissingFileAsAnOrdinaryIoError() {
        assertThatThrownBy(() -> NpzArchive.open(dir.resolve("absent.npz")))
                .isInstanceOf(IOException.class).isNotInstanceOf(NpzFormatException.class);
    }

    private Path zip(Map<String, byte[]> entries) throws IOException {
        return NpzTestArchives.zip(dir.resolve("test.npz"), entries, ZipEntry.STORED);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Path file) {
        return assertThatThrownBy(() -> NpzArchive.open(file).close()).isInstanceOf(NpzFormatException.class);
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(replacement, 0, bytes, i, replacement.length);
            }
        }
    }

    private static void setCentralDirectoryUncompressedSize(byte[] zip, long size) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, (int) size);
                return;
            }
        }
        throw new IllegalStateException("no central directory header");
    }
}
