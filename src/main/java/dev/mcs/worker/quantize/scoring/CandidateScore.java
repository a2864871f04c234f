package dev.mcs.worker.quantize.scoring;


/**
 * How close one candidate model stays to the float model on the evaluation samples.
 *
 * @param cosineMean mean over samples of the compared vectors' cosine similarity
 * @param hits samples whose top-1 class equals the label; 0 without labels
 * @param labelled samples that carry a label (0 without labels)
 */
public record CandidateScore(double cosineMean, int hits, int labelled) {

    /** Top-1 accuracy, or null without labels. */
    public Double accuracy() {
        return labelled == 0 ? null : hits / (double) labelled;
    }
}
