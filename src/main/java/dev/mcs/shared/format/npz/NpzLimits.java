package dev.mcs.shared.format.npz;

import java.util.zip.ZipEntry;

/**
 * Bounds on how far an archive may expand, checked from the zip directory before any data is inflated, so a
 * small upload that declares gigabytes (a zip bomb) is refused without reading it. Data that inflates to more
 * than its entry declares is caught when it is read ("trailing bytes").
 *
 * @param maxExpandedBytes largest sum of the entries' uncompressed sizes
 * @param maxCompressionRatio largest uncompressed/compressed ratio of one entry, checked only from
 *                            {@code ratioCheckFromBytes}: small padded token arrays legitimately compress
 *                            hundreds of times, and below that size they cannot hurt
 * @param ratioCheckFromBytes uncompressed entry size from which the ratio is checked
 */
public record NpzLimits(long maxExpandedBytes, long maxCompressionRatio, long ratioCheckFromBytes) {

    /** No limits: for archives that were checked when they were uploaded. */
    public static final NpzLimits NONE = new NpzLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    public NpzLimits {
        if (maxExpandedBytes <= 0 || maxCompressionRatio <= 0 || ratioCheckFromBytes < 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    /** Adds {@code entry} to {@code expandedSoFar} and returns the new total, refusing what crosses a limit. */
    long admit(ZipEntry entry, long expandedSoFar) throws NpzFormatException {
        long size = entry.getSize();
        if (size < 0) {
            throw new NpzFormatException("Entry '" + entry.getName() + "' does not declare its uncompressed size");
        }
        long total = expandedSoFar > Long.MAX_VALUE - size ? Long.MAX_VALUE : expandedSoFar + size;
        if (total > maxExpandedBytes) {
            throw new NpzFormatException("the archive expands to more than " + maxExpandedBytes
                    + " bytes (the configured limit for an uncompressed dataset)");
        }
        long compressed = Math.max(1, entry.getCompressedSize());
        if (size >= ratioCheckFromBytes && size / compressed > maxCompressionRatio) {
            throw new NpzFormatException("Entry '" + entry.getName() + "' expands " + size / compressed
                    + " times (" + compressed + " -> " + size + " bytes), more than the configured limit of "
                    + maxCompressionRatio + "; this looks like a zip bomb");
        }
        return total;
    }
}
