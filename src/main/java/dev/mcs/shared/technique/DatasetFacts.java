package dev.mcs.shared.technique;

/**
 * What a method's checks need to know about the job's datasets.
 *
 * @param present whether the job names a dataset to calibrate on ({@code datasetId})
 * @param labelled whether the data the job is evaluated on has a {@code labels} array: the evaluation dataset if
 *     the job names one, else the dataset (whose held-out part keeps its labels)
 */
public record DatasetFacts(boolean present, boolean labelled) {

    /** A job without a dataset. */
    public static final DatasetFacts NONE = new DatasetFacts(false, false);
}
