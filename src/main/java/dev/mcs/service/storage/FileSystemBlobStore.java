package dev.mcs.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Blobs as files under a root directory: {@code blobs/<prefix>/<uuid>}, temp files in {@code tmp/}. */
@Component
class FileSystemBlobStore implements BlobStore {

    private static final Pattern KEY = Pattern.compile("[a-z]+/[0-9a-f-]{36}");
    private static final int BUFFER = 1 << 16;

    private final Path blobs;
    private final Path tmp;
    private final Path scratch;

    FileSystemBlobStore(StorageProperties properties) throws IOException {
        Path root = properties.root().toAbsolutePath().normalize();
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.scratch = Files.createDirectories(root.resolve("work"));
    }

    @Override
    public StoredBlob write(String prefix, InputStream content, long maxBytes) throws IOException {
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = copyLimited(new DigestInputStream(content, digest), temp, maxBytes);
            return publish(prefix, temp, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public StoredBlob adopt(String prefix, Path producedFile) throws IOException {
        Path source = producedFile.toAbsolutePath().normalize();
        if (!source.startsWith(scratch) || !Files.isRegularFile(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || !source.toRealPath().equals(source) || !source.toRealPath().startsWith(scratch.toRealPath())) {
            // The real-path checks also refuse a symlinked directory somewhere on the way.
            throw new IOException("refusing to adopt a file outside the worker directory: " + producedFile);
        }
        MessageDigest digest = sha256();
        long size;
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        fsync(source);
        return publish(prefix, source, size, HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public InputStream read(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public Path localPath(String key) {
        return resolve(key);
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public java.util.List<String> keysWrittenBefore(String prefix, java.time.Instant before) throws IOException {
        Path folder = resolve(prefix + "/" + UUID.randomUUID()).getParent();
        return filesWrittenBefore(folder, before).stream().map(file -> prefix + "/" + file.getFileName()).toList();
    }

    @Override
    public int deleteTemporaryFilesWrittenBefore(java.time.Instant before) throws IOException {
        java.util.List<Path> stale = filesWrittenBefore(tmp, before);
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
        return stale.size();
    }

    @Override
    public java.util.List<Path> scratchDirectoriesWrittenBefore(String kind, java.time.Instant before)
            throws IOException {
        return entriesWrittenBefore(scratch.resolve(kind), before,
                entry -> Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private static java.util.List<Path> filesWrittenBefore(Path folder, java.time.Instant before) throws IOException {
        return entriesWrittenBefore(folder, before,
                file -> Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private static java.util.List<Path> entriesWrittenBefore(Path folder, java.time.Instant before,
            java.util.function.Predicate<Path> kind) throws IOException {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            return entries.filter(kind).filter(entry -> writtenBefore(entry, before)).toList();
        }
    }

    private static boolean writtenBefore(Path file, java.time.Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException vanished) {
            return false;
        }
    }

    @Override
    public Path scratchRoot() {
        return scratch;
    }

    private StoredBlob publish(String prefix, Path file, long size, String sha256) throws IOException {
        String key = prefix + "/" + UUID.randomUUID();
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        fsync(target.getParent());
        return new StoredBlob(key, size, sha256);
    }

    private static long copyLimited(InputStream in, Path target, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        }
        return total;
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return blobs.resolve(key);
    }

    private static void fsync(Path path) {
        // Directory fsync makes the rename durable; some file systems refuse it, which is harmless.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
