package dev.mcs.worker.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset file together with the samples its holder may read. The file's path is visible only to this
 * package's reader ({@link DatasetInputs}): a method receives its part as an opaque handle, so it cannot turn a
 * calibration part back into the whole file and read the held-out samples by mistake.
 */
public final class DatasetPart {

    /** {@link #source()} of the job's only dataset used whole (too small to split). */
    public static final String CALIBRATION_DATASET = "calibration-dataset";
    /** {@link #source()} of the part of the job's dataset that methods calibrate on. */
    public static final String CALIBRATION_PART = "calibration-part";
    /** {@link #source()} of the held-out part of the job's dataset. */
    public static final String HELD_OUT = "held-out";
    /** {@link #source()} of a separate evaluation dataset, used whole. */
    public static final String EVALUATION_DATASET = "evaluation-dataset";

    private final Path file;
    private final SampleSelection selection;
    private final String source;

    private DatasetPart(Path file, SampleSelection selection, String source) {
        this.file = Objects.requireNonNull(file, "file");
        this.selection = selection;
        this.source = source;
    }

    /** Every sample of the job's dataset: for a dataset too small to split, and for tests. */
    public static DatasetPart whole(Path file) {
        return new DatasetPart(file, SampleSelection.ALL, CALIBRATION_DATASET);
    }

    /** The four fifths of the job's dataset that methods may calibrate on. */
    public static DatasetPart calibrationPart(Path file) {
        return new DatasetPart(file, SampleSelection.CALIBRATION, CALIBRATION_PART);
    }

    /** The fifth of the job's dataset held out for evaluation. */
    public static DatasetPart heldOutPart(Path file) {
        return new DatasetPart(file, SampleSelection.HELD_OUT, HELD_OUT);
    }

    /** Every sample of a dataset given for evaluation only. */
    public static DatasetPart evaluationSet(Path file) {
        return new DatasetPart(file, SampleSelection.ALL, EVALUATION_DATASET);
    }

    /** Where these samples come from, as the job's metrics name it. */
    public String source() {
        return source;
    }

    /** The rule that chose the samples, or null when the whole file is used. */
    public String rule() {
        return selection.rule();
    }

    Path file() {
        return file;
    }

    SampleSelection selection() {
        return selection;
    }

    @Override
    public String toString() {
        return source + " of " + file.getFileName();
    }
}
