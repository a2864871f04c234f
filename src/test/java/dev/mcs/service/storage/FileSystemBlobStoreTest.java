package dev.mcs.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class FileSystemBlobStoreTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private FileSystemBlobStore store;

    @BeforeEach
    void createStore() throws IOException {
        store = new FileSystemBlobStore(new StorageProperties(root, DataSize.ofMegabytes(8)));
    }

    @Test
    void the_store_creates_its_blob_temp_and_scratch_directories_under_the_root() {
        assertThat(root.resolve("blobs")).isDirectory();
        assertThat(root.resolve("tmp")).isDirectory();
        assertThat(root.resolve("work")).isDirectory();
        assertThat(store.scratchRoot()).isEqualTo(root.toAbsolutePath().normalize().resolve("work"));
    }

    @Test
    void a_written_blob_has_a_server_generated_key_its_size_and_the_sha256_of_its_content() throws Exception {
        byte[] content = randomBytes(200_001, 1);

        StoredBlob blob = store.write("models", new ByteArrayInputStream(content), NO_LIMIT);

        assertThat(blob.key()).matches("models/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(UUID.fromString(blob.key().substring("models/".length()))).isNotNull();
        assertThat(blob.sizeBytes()).isEqualTo(content.length);
        assertThat(blob.sha256()).isEqualTo(sha256(content));
        assertThat(store.size(blob.key())).isEqualTo(content.length);
        try (InputStream in = store.read(blob.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.localPath(blob.key())).isEqualTo(root.resolve("blobs").resolve(blob.key()))
                .hasBinaryContent(content);
        assertThat(listFiles(root.resolve("tmp"))).isEmpty();
    }

    @Test
    void the_same_content_written_twice_gets_two_keys_with_the_same_hash() throws Exception {
        byte[] content = "same".getBytes(StandardCharsets.UTF_8);

        StoredBlob first = store.write("datasets", new ByteArrayInputStream(content), NO_LIMIT);
        StoredBlob second = store.write("datasets", new ByteArrayInputStream(content), NO_LIMIT);

        assertThat(first.key()).isNotEqualTo(second.key()).startsWith("datasets/");
        assertThat(first.sha256()).isEqualTo(second.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void an_empty_stream_makes_an_empty_blob_with_the_hash_of_nothing() throws Exception {
        StoredBlob blob = store.write("models", InputStream.nullInputStream(), 0);

        assertThat(blob.sizeBytes()).isZero();
        assertThat(blob.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.localPath(blob.key())).isEmptyFile();
    }

    @Test
    void a_twenty_megabyte_stream_is_written_through_without_being_held_in_memory() throws Exception {
        long size = 20L * 1024 * 1024 + 7;
        GeneratedStream content = new GeneratedStream(size);

        StoredBlob blob = store.write("models", content, size);

        assertThat(blob.sizeBytes()).isEqualTo(size);
        assertThat(Files.size(store.localPath(blob.key()))).isEqualTo(size);
        assertThat(blob.sha256()).isEqualTo(HexFormat.of().formatHex(content.digest()));
        assertThat(content.largestRead).as("largest single read request").isLessThanOrEqualTo(1 << 20);
        try (InputStream in = store.read(blob.key())) {
            assertThat(sha256(in)).isEqualTo(blob.sha256());
        }
    }

    @Test
    void content_of_exactly_the_limit_is_accepted() throws Exception {
        StoredBlob blob = store.write("models", new ByteArrayInputStream(new byte[1000]), 1000);

        assertThat(blob.sizeBytes()).isEqualTo(1000);
    }

    @Test
    void content_one_byte_over_the_limit_is_refused_and_leaves_no_file_behind() throws Exception {
        assertThatThrownBy(() -> store.write("models", new ByteArrayInputStream(new byte[1001]), 1000))
                .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(1000));

        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
        assertThat(listFiles(root.resolve("tmp"))).isEmpty();
    }

    @Test
    void a_large_stream_over_the_limit_stops_early_and_leaves_no_file_behind() throws Exception {
        GeneratedStream endless = new GeneratedStream(Long.MAX_VALUE);

        assertThatThrownBy(() -> store.write("models", endless, 5L * 1024 * 1024)).isInstanceOf(BlobTooLargeException.class);

        assertThat(endless.produced).as("bytes read before giving up").isLessThan(6L * 1024 * 1024);
        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
        assertThat(listFiles(root.resolve("tmp"))).isEmpty();
    }

    @Test
    void a_stream_that_fails_midway_leaves_nothing_behind_and_the_failure_surfaces() throws Exception {
        InputStream failing = new InputStream() {
            private int produced;

            @Override
            public int read() throws IOException {
                if (produced++ >= 300_000) {
                    throw new IOException("connection reset by client");
                }
                return produced & 0xff;
            }
        };

        assertThatThrownBy(() -> store.write("models", failing, NO_LIMIT)).isInstanceOf(IOException.class)
                .hasMessage("connection reset by client");

        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
        assertThat(listFiles(root.resolve("tmp"))).isEmpty();
    }

    @Test
    void a_stream_that_throws_an_unchecked_exception_leaves_nothing_behind() throws Exception {
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("decoder broke");
            }
        };

        assertThatThrownBy(() -> store.write("models", failing, NO_LIMIT)).isInstanceOf(IllegalStateException.class);

        assertThat(listFiles(root.resolve("tmp"))).isEmpty();
        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "models/../../etc/passwd", "models/../models/00000000-0000-0000-0000-000000000000",
        "/etc/passwd", "models", "models/", "models/not-a-uuid", "Models/00000000-0000-0000-0000-000000000000",
        "models/00000000-0000-0000-0000-000000000000/../../x", "models/00000000-0000-0000-0000-000000000000\n", ""})
    void keys_that_are_not_server_generated_are_refused_by_every_accessor(String key) {
        assertThatThrownBy(() -> store.localPath(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.size(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_prefix_that_would_escape_the_blob_directory_is_refused_and_leaves_nothing_behind() throws Exception {
        assertThatThrownBy(() -> store.write("..", new ByteArrayInputStream(new byte[10]), NO_LIMIT))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(listFiles(root)).containsExactlyInAnyOrder(root.resolve("blobs"), root.resolve("tmp"), root.resolve("work"));
    }

    @Test
    void reading_a_well_formed_but_unknown_key_fails_with_no_such_file() {
        String unknown = "models/" + UUID.randomUUID();

        assertThatThrownBy(() -> store.read(unknown)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size(unknown)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleting_removes_the_blob_and_deleting_a_missing_blob_is_fine() throws Exception {
        StoredBlob blob = store.write("models", new ByteArrayInputStream(new byte[] {1, 2, 3}), NO_LIMIT);

        store.delete(blob.key());
        store.delete(blob.key());
        store.delete("models/" + UUID.randomUUID());

        assertThat(store.localPath(blob.key())).doesNotExist();
    }

    @Test
    void adopting_a_worker_output_moves_it_into_the_store_and_hashes_it() throws Exception {
        Path attempt = Files.createDirectories(store.scratchRoot().resolve("job-1/attempt-1"));
        byte[] content = randomBytes(123_457, 2);
        Path produced = Files.write(attempt.resolve("output.onnx"), content);

        StoredBlob blob = store.adopt("models", produced);

        assertThat(blob.key()).startsWith("models/");
        assertThat(blob.sizeBytes()).isEqualTo(content.length);
        assertThat(blob.sha256()).isEqualTo(sha256(content));
        assertThat(produced).doesNotExist();
        assertThat(store.localPath(blob.key())).hasBinaryContent(content);
    }

    @Test
    void adopting_accepts_a_relative_path_that_normalises_into_the_scratch_root() throws Exception {
        Path attempt = Files.createDirectories(store.scratchRoot().resolve("a"));
        Files.writeString(attempt.resolve("out.onnx"), "model");
        Path winding = store.scratchRoot().resolve("a/../a/./out.onnx");

        StoredBlob blob = store.adopt("models", winding);

        assertThat(blob.sizeBytes()).isEqualTo(5);
    }

    @Test
    void adopting_refuses_a_file_outside_the_scratch_root_and_leaves_it_in_place() throws Exception {
        Path foreign = Files.writeString(outside.resolve("secret.txt"), "do not take me");
        Path inTmp = Files.writeString(root.resolve("tmp/upload-1.part"), "half an upload");

        assertThatThrownBy(() -> store.adopt("models", foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("outside the worker directory");
        assertThatThrownBy(() -> store.adopt("models", inTmp)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.adopt("models", store.scratchRoot().resolve("../tmp/upload-1.part")))
                .isInstanceOf(IOException.class);

        assertThat(foreign).hasContent("do not take me");
        assertThat(inTmp).exists();
        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
    }

    @Test
    void adopting_refuses_a_symlink_even_when_it_lies_in_the_scratch_root() throws Exception {
        Path target = Files.writeString(outside.resolve("secret.txt"), "do not take me");
        Path link = Files.createSymbolicLink(store.scratchRoot().resolve("output.onnx"), target);

        assertThatThrownBy(() -> store.adopt("models", link)).isInstanceOf(IOException.class);

        assertThat(target).hasContent("do not take me");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(listFiles(root.resolve("blobs"))).isEmpty();
    }

    @Test
    void adopting_refuses_a_directory_and_a_missing_file() throws Exception {
        Path dir = Files.createDirectories(store.scratchRoot().resolve("a-directory"));

        assertThatThrownBy(() -> store.adopt("models", dir)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.adopt("models", store.scratchRoot().resolve("missing.onnx")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void adopting_refuses_a_file_reached_through_a_symlinked_directory() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "do not take me");
        Path linkedDir = Files.createSymbolicLink(store.scratchRoot().resolve("attempt"), outside);

        assertThatThrownBy(() -> store.adopt("models", linkedDir.resolve("secret.txt"))).isInstanceOf(IOException.class);

        assertThat(outside.resolve("secret.txt")).hasContent("do not take me");
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).toList();
        }
    }

    /** Deterministic pseudo-random bytes produced on demand and hashed as they go; never materialised. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long produced;
        private long state = 0x9E3779B97F4A7C15L;
        private int largestRead;

        GeneratedStream(long size) throws Exception {
            this.size = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            largestRead = Math.max(largestRead, len);
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            digest.update(b, off, n);
            produced += n;
            return n;
        }

        byte[] digest() {
            return digest.digest();
        }
    }
}
