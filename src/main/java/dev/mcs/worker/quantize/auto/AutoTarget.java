package dev.mcs.worker.quantize.auto;

import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateScore;

/** The {@code auto} method's target: a floor on the mean cosine, or a ceiling on the top-1 accuracy drop. */
record AutoTarget(Double minCosine, Double maxAccuracyDrop) {

    // Accuracies are ratios of counts; this keeps e.g. a 0.01 ceiling from failing on rounding alone.
    private static final double ROUNDING = 1e-12;

    static AutoTarget of(QuantizeTarget target) throws QuantizationException {
        if (target == null || (target.minCosine() == null) == (target.maxAccuracyDrop() == null)) {
            throw new QuantizationException("'auto' needs a target with exactly one of minCosine or maxAccuracyDrop");
        }
        return new AutoTarget(target.minCosine(), target.maxAccuracyDrop());
    }

    boolean onAccuracy() {
        return maxAccuracyDrop != null;
    }

    /** The number the target constrains: mean cosine, or the accuracy drop vs the float model. */
    double value(CandidateScore candidate, CandidateScore reference) {
        return onAccuracy() ? reference.accuracy() - candidate.accuracy() : candidate.cosineMean();
    }

    boolean met(CandidateScore candidate, CandidateScore reference) {
        return onAccuracy()
                ? value(candidate, reference) <= maxAccuracyDrop + ROUNDING
                : candidate.cosineMean() >= minCosine;
    }

    /** Better of two candidates for the target (higher cosine, or higher accuracy then higher cosine). */
    boolean better(CandidateScore a, CandidateScore b) {
        if (onAccuracy() && a.hits() != b.hits()) {
            return a.hits() > b.hits();
        }
        return a.cosineMean() > b.cosineMean();
    }

    String describe() {
        return onAccuracy() ? "accuracy drop <= " + maxAccuracyDrop : "cosine >= " + minCosine;
    }
}
