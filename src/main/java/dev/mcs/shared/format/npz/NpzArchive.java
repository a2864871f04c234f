package dev.mcs.shared.format.npz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A numpy {@code .npz} archive (a zip of {@code .npy} files, stored or deflated), read in pure Java
 * so the API process can validate uploads and workers can feed models without a native engine.
 *
 * <p>{@link #open} checks every entry's NPY header and that the entry holds exactly the bytes its
 * shape and dtype need, reading headers only; element data is read on demand by the {@code read*}
 * methods. No well-kept Java library reads NPY, hence the small hand-written parser.
 *
 * <p>Safe for concurrent reads; {@link ZipFile} serialises access internally.
 */
public final class NpzArchive implements AutoCloseable {

    private record Entry(ZipEntry zipEntry, NpyHeader header, NpyArrayInfo info) {
    }

    private final ZipFile zip;
    private final Map<String, Entry> entries;

    private NpzArchive(ZipFile zip, Map<String, Entry> entries) {
        this.zip = zip;
        this.entries = entries;
    }

    /** Opens and validates {@code path}; throws {@link NpzFormatException} for anything malformed or unsupported. */
    public static NpzArchive open(Path path) throws IOException {
        return open(path, NpzLimits.NONE);
    }

    /** Like {@link #open(Path)}, also refusing an archive that would expand beyond {@code limits}. */
    public static NpzArchive open(Path path, NpzLimits limits) throws IOException {
        ZipFile zip = openZip(path);
        try {
            return new NpzArchive(zip, readEntries(zip, path, limits));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** The arrays in archive order. */
    public List<NpyArrayInfo> arrays() {
        return entries.values().stream().map(Entry::info).toList();
    }

    public Optional<NpyArrayInfo> find(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::info);
    }

    /**
     * The whole array flattened in C order, any numeric dtype converted to float (int64 and float64
     * values round to the nearest float; bool becomes 0 or 1).
     */
    public float[] readFloats(String name) throws IOException {
        Entry entry = entryToRead(name);
        try (InputStream in = dataStream(entry, name)) {
            return NpyDataReader.readFloats(in, entry.header(), elementCount(entry, name), name);
        } catch (ZipException | EOFException e) {
            throw corrupt(name, e);
        }
    }

    /** The whole array flattened in C order; integer and bool dtypes only. */
    public long[] readLongs(String name) throws IOException {
        Entry entry = integerEntryToRead(name);
        try (InputStream in = dataStream(entry, name)) {
            return NpyDataReader.readLongs(in, entry.header(), elementCount(entry, name), name);
        } catch (ZipException | EOFException e) {
            throw corrupt(name, e);
        }
    }

    /** Like {@link #readLongs} but rejects any value outside the int range. */
    public int[] readInts(String name) throws IOException {
        Entry entry = integerEntryToRead(name);
        try (InputStream in = dataStream(entry, name)) {
            return NpyDataReader.readInts(in, entry.header(), elementCount(entry, name), name);
        } catch (ZipException | EOFException e) {
            throw corrupt(name, e);
        }
    }

    /**
     * Reads the whole array without keeping it and counts NaN and infinite elements (0 for integer dtypes);
     * also proves the entry inflates to exactly the bytes its header needs.
     */
    public long countNonFinite(String name) throws IOException {
        Entry entry = entryToRead(name);
        try (InputStream in = dataStream(entry, name)) {
            long nonFinite = NpyDataReader.countNonFinite(in, entry.header(), name);
            if (in.read() >= 0) {
                throw NpzFormatException.forArray(name, "entry inflates to more bytes than it declares");
            }
            return nonFinite;
        } catch (ZipException | EOFException e) {
            throw corrupt(name, e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static ZipFile openZip(Path path) throws IOException {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new NpzFormatException(path.getFileName() + " is not a readable zip archive: " + e.getMessage(), e);
        }
    }

    private static Map<String, Entry> readEntries(ZipFile zip, Path path, NpzLimits limits) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long expanded = 0;
        for (ZipEntry zipEntry : Collections.list(zip.entries())) {
            expanded = limits.admit(zipEntry, expanded);
            String name = NpyEntryNames.arrayName(zipEntry);
            if (entries.containsKey(name)) {
                throw NpzFormatException.forArray(name, "appears more than once in the archive");
            }
            NpyHeader header = readHeader(zip, zipEntry, name);
            checkDataLength(zipEntry, header, name);
            entries.put(name, new Entry(zipEntry, header, header.toInfo(name)));
        }
        if (entries.isEmpty()) {
            throw new NpzFormatException(path.getFileName() + " holds no arrays");
        }
        return Collections.unmodifiableMap(entries);
    }

    private static NpyHeader readHeader(ZipFile zip, ZipEntry zipEntry, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zipEntry)) {
            return NpyHeaderReader.read(in, name);
        } catch (ZipException | EOFException e) {
            throw corrupt(name, e);
        }
    }

    private static void checkDataLength(ZipEntry zipEntry, NpyHeader header, String name) throws NpzFormatException {
        long needed = header.dataLengthOrOverflow();
        if (needed < 0 || needed > Long.MAX_VALUE - header.dataOffset()) {
            throw NpzFormatException.forArray(name, "shape " + header.shape() + " is too large");
        }
        long present = zipEntry.getSize() - header.dataOffset();
        if (present != needed) {
            String problem = present < needed ? "data is truncated" : "has trailing bytes after the data";
            throw NpzFormatException.forArray(name, problem + ": shape " + header.shape() + " of "
                    + header.dtype().numpyName() + " needs " + needed + " bytes, entry holds " + present);
        }
    }

    private Entry entryToRead(String name) throws NpzFormatException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw NpzFormatException.forArray(name,
                    "not in the archive; it holds " + new ArrayList<>(entries.keySet()));
        }
        return entry;
    }

    private Entry integerEntryToRead(String name) throws NpzFormatException {
        Entry entry = entryToRead(name);
        if (entry.header().dtype().isFloatingPoint()) {
            throw NpzFormatException.forArray(name, "has floating-point dtype " + entry.info().dtype()
                    + "; an integer or bool dtype is needed");
        }
        return entry;
    }

    private static int elementCount(Entry entry, String name) throws NpzFormatException {
        long count = entry.header().elementCountOrOverflow();
        if (count > Integer.MAX_VALUE) {
            throw NpzFormatException.forArray(name, "has " + count + " elements, more than a Java array holds");
        }
        return (int) count;
    }

    private InputStream dataStream(Entry entry, String name) throws IOException {
        InputStream in = zip.getInputStream(entry.zipEntry());
        try {
            in.skipNBytes(entry.header().dataOffset());
            return in;
        } catch (IOException e) {
            in.close();
            throw e instanceof EOFException ? corrupt(name, e) : e;
        }
    }

    private static NpzFormatException corrupt(String name, IOException cause) {
        return new NpzFormatException("Array '" + name + "': entry is corrupt: " + cause.getMessage(), cause);
    }
}
