package dev.mcs.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes samples {@code [from, to)} of every array of an NPZ (all arrays share the sample axis) to a new NPZ,
 * e.g. to split a held-out set into a calibration half and an evaluation half.
 *
 * <p>Usage: {@code SplitNpz <in.npz> <from> <to> <out.npz>}
 */
public final class SplitNpz {

    private SplitNpz() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SplitNpz <in.npz> <from> <to> <out.npz>");
            System.exit(2);
        }
        int from = Integer.parseInt(args[1]);
        int to = Integer.parseInt(args[2]);
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : NdArray.readAll(Path.of(args[0])).entrySet()) {
            NdArray a = e.getValue();
            if (to > a.rows() || from < 0 || from >= to) {
                throw new IllegalArgumentException(e.getKey() + " has " + a.rows() + " samples; asked for [" + from
                        + ", " + to + ")");
            }
            out.put(e.getKey(), a.rows(from, to));
        }
        NdArray.writeAll(Path.of(args[3]), out);
        System.out.printf("wrote %s: samples [%d, %d) of %s%n", args[3], from, to, out.keySet());
    }
}
