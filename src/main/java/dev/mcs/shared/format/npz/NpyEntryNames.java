package dev.mcs.shared.format.npz;

import java.util.Arrays;
import java.util.zip.ZipEntry;

/**
 * Turns a zip entry name into an array name. Entries are never extracted, so a path-like name could do no harm,
 * but one that climbs ({@code ..}), is absolute, uses backslashes or control characters is never what numpy writes
 * for an array and can only be an attempt or an accident: it is refused with its name shown.
 */
final class NpyEntryNames {

    private static final String NPY_SUFFIX = ".npy";

    private NpyEntryNames() {}

    static String arrayName(ZipEntry zipEntry) throws NpzFormatException {
        String entryName = zipEntry.getName();
        if (zipEntry.isDirectory() || !entryName.endsWith(NPY_SUFFIX) || entryName.equals(NPY_SUFFIX)) {
            throw new NpzFormatException("Entry '" + printable(entryName) + "' is not an .npy array");
        }
        if (entryName.startsWith("/") || entryName.contains("\\") || climbs(entryName)
                || entryName.chars().anyMatch(Character::isISOControl)) {
            throw new NpzFormatException("Entry '" + printable(entryName)
                    + "' has a path-like or control-character name; array names are plain names");
        }
        return entryName.substring(0, entryName.length() - NPY_SUFFIX.length());
    }

    private static boolean climbs(String name) {
        return Arrays.asList(name.split("/")).contains("..");
    }

    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> shown.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return shown.toString();
    }
}
