package dev.mcs.worker.engine;

import java.util.stream.IntStream;

/**
 * Which samples of an NPZ dataset a reader may use. A job's dataset is split deterministically, so that the
 * same upload always gives the same parts and fidelity is measured on samples no method has calibrated on:
 * every fifth sample ({@code index % 5 == 4}) is held out for evaluation, the other four fifths calibrate.
 */
public enum SampleSelection {

    /** Every sample, in order. */
    ALL(null),
    /** The samples a method may calibrate or train on: {@code index % 5 != 4}. */
    CALIBRATION(SampleSelection.RULE),
    /** The samples kept for evaluation: {@code index % 5 == 4}. */
    HELD_OUT(SampleSelection.RULE);

    /** One sample in this many is held out. */
    public static final int PERIOD = 5;
    /** Below this many samples a dataset is not split: a held-out part of zero samples measures nothing. */
    public static final int MIN_SAMPLES_TO_SPLIT = PERIOD;
    /** The split rule in the words the job's metrics use. */
    public static final String RULE = "every fifth sample (index % 5 == 4)";

    private final String rule;

    SampleSelection(String rule) {
        this.rule = rule;
    }

    /** The rule that chose the samples, or null when all are used. */
    public String rule() {
        return rule;
    }

    /** The chosen indices among {@code total} samples, in order, at most {@code max} of them. */
    public int[] indices(int total, int max) {
        IntStream all = IntStream.range(0, Math.max(0, total));
        IntStream chosen = switch (this) {
            case ALL -> all;
            case CALIBRATION -> all.filter(i -> i % PERIOD != PERIOD - 1);
            case HELD_OUT -> all.filter(i -> i % PERIOD == PERIOD - 1);
        };
        return chosen.limit(Math.max(0, max)).toArray();
    }
}
