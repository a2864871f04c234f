package dev.mcs.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content store for large binary objects. The file-system implementation is the only one today;
 * the interface leaves room for S3-compatible storage, which is why readers get streams and
 * workers get a {@link #localPath local path} only through the store.
 */
public interface BlobStore {

    /**
     * Streams {@code content} into a new blob under a server-generated key.
     *
     * @param prefix key namespace, e.g. {@code models}
     * @param maxBytes the write fails with {@link BlobTooLargeException} beyond this many bytes
     */
    StoredBlob write(String prefix, InputStream content, long maxBytes) throws IOException;

    /** Moves a file produced inside {@link #scratchRoot()} into the store under a new key. */
    StoredBlob adopt(String prefix, Path producedFile) throws IOException;

    /** Opens a blob for reading. */
    InputStream read(String key) throws IOException;

    /** A path a local worker process can read the blob from. */
    Path localPath(String key);

    /** Size of a stored blob in bytes. */
    long size(String key) throws IOException;

    /** Deletes a blob; deleting a missing blob is not an error. */
    void delete(String key) throws IOException;

    /** Keys under {@code prefix} whose blob was last written before {@code before}, for the orphan sweep. */
    java.util.List<String> keysWrittenBefore(String prefix, java.time.Instant before) throws IOException;

    /** Deletes temporary upload files last written before {@code before} (left by a crash); returns how many. */
    int deleteTemporaryFilesWrittenBefore(java.time.Instant before) throws IOException;

    /** Directory under which worker attempt directories are created. */
    Path scratchRoot();

    /** Directories directly under {@code scratchRoot()/kind} last written before {@code before}. */
    java.util.List<Path> scratchDirectoriesWrittenBefore(String kind, java.time.Instant before) throws IOException;
}
