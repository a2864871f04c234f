package dev.mcs.shared.technique;


/**
 * What a method's checks need to know about the job's datasets.
 *
 * @param present whether the job names a dataset
 * @param labelled whether that dataset has a {@code labels} array
 */
public record DatasetFacts(boolean present, boolean labelled) {

    /** A job without a dataset. */
    public static final DatasetFacts NONE = new DatasetFacts(false, false);
}
