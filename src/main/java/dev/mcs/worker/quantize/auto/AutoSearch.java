package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateScore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Finds the fewest most-sensitive nodes to keep in float so that a candidate meets the target. Keeping more
 * nodes in float can only help (errors add up), so the search gallops over k = s, s+1, s+3, s+7... until a
 * candidate meets the target, then bisects the last gap: O(log k) candidates instead of k. Every answer is a
 * candidate that was built and measured, so a non-monotone case costs optimality, never correctness.
 */
final class AutoSearch {

    /** Thrown when no candidate with at least one quantized node meets the target; carries the best score. */
    static final class Unreachable extends Exception {
        final CandidateScore best;
        final int keptFloat;

        Unreachable(CandidateScore best, int keptFloat) {
            super("no candidate meets the target", null, false, false);
            this.best = best;
            this.keptFloat = keptFloat;
        }
    }

    private final AutoCandidates candidates;
    private final AutoTarget target;
    private final CandidateScore reference;
    private AutoCandidates.Candidate met;
    private CandidateScore bestMiss;
    private int bestMissKept;

    AutoSearch(AutoCandidates candidates, AutoTarget target, CandidateScore reference) {
        this.candidates = candidates;
        this.target = target;
        this.reference = reference;
    }

    /**
     * @param ranked nodes, most sensitive first
     * @param start the smallest k worth trying (k = 0, the fully quantized base, already missed)
     */
    AutoCandidates.Candidate find(GroupedSensitivity ranked, int start, DoubleConsumer progress)
            throws IOException, QuantizationException, Unreachable {
        int last = ranked.size() - 1; // keeping every node in float would quantize nothing
        int failed = start - 1;
        int k = start;
        for (int step = 1; met == null; step *= 2) {
            if (k > last) {
                throw new Unreachable(bestMiss, bestMissKept);
            }
            if (!tryKeeping(ranked, k)) {
                failed = k;
                k = k == last ? last + 1 : Math.min(last, k + step);
            }
            progress.accept(Math.min(0.9, candidates.built() / (2.0 * Math.log(ranked.size() + 1) / Math.log(2))));
        }
        int metAt = met.keptFloat().size();
        while (metAt - failed > 1) {
            int mid = (failed + metAt) >>> 1;
            if (tryKeeping(ranked, mid)) {
                metAt = mid;
            } else {
                failed = mid;
            }
        }
        return met;
    }

    /** Builds the candidate keeping the k most sensitive nodes in float; keeps it if it is the new best. */
    private boolean tryKeeping(GroupedSensitivity ranked, int k) throws IOException, QuantizationException {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            kept.add(ranked.get(i).node());
        }
        AutoCandidates.Candidate candidate = candidates.build(kept);
        if (!target.met(candidate.score(), reference)) {
            if (bestMiss == null || target.better(candidate.score(), bestMiss)) {
                bestMiss = candidate.score();
                bestMissKept = k;
            }
            candidates.discard(candidate);
            return false;
        }
        if (met != null) {
            candidates.discard(met);
        }
        met = candidate;
        return true;
    }
}
