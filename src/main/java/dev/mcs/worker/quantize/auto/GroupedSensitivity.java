package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateScore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Quantizable nodes ranked most sensitive first, measured in groups and only as far as the search asks.
 *
 * <p>A group is measured like a single node in {@link SensitivityProbe}: only its members quantized, every other
 * node in float, scored against the float model. Errors of separate nodes add up roughly independently, so a
 * group scores no better than any of its members alone. Best-first then finds the ranking from the top: the
 * nodes come in about √n contiguous groups (in graph order, so roughly one layer each); the worst group measured
 * so far holds the next most sensitive node, so its members are measured one by one, and a single node that is
 * the worst of everything measured is the next in the ranking. The search keeps only the few most sensitive
 * nodes in float, so this costs √n candidates plus √n for each group it opens, instead of one per node; when
 * the sensitive nodes sit in every group it costs at most √n more than measuring every node. (Halving groups
 * instead of opening them needs fewer candidates for one node, but on all-MiniLM-L6-v2, whose sensitive nodes
 * are spread over the layers, more for the eight a 0.999 target needed.) Where errors do not add up (they
 * partly cancel), a node can be ranked too low; the search still checks every answer on a real candidate, so
 * that costs nodes kept in float, never a missed target.
 */
final class GroupedSensitivity {

    /**
     * Evaluation samples a group is scored on. Ranking needs less precision than the target check, which the
     * search does on every sample; on all-MiniLM-L6-v2 the ranking on 16 of 64 sentences agreed with the
     * full one (docs/benchmarks.md).
     */
    static final int RANKING_SAMPLES = 16;

    private record Group(List<String> nodes, int first, CandidateScore alone) {}

    private final AutoCandidates candidates;
    private final int samples;
    private final List<String> quantizable;
    private final PriorityQueue<Group> pending;
    private final List<Sensitivity> ranked = new ArrayList<>();
    private int probes;
    private long nanos;

    /** @param samples evaluation samples each group is scored on (see {@link #RANKING_SAMPLES}) */
    GroupedSensitivity(AutoCandidates candidates, AutoTarget target, List<String> quantizable, int samples) {
        this.candidates = candidates;
        this.samples = samples;
        this.quantizable = List.copyOf(quantizable);
        Comparator<Group> worstFirst = (a, b) -> target.better(a.alone(), b.alone()) ? 1
                : target.better(b.alone(), a.alone()) ? -1 : 0;
        // On a tie a larger group is split first: it may hold a node as bad as the single one.
        this.pending = new PriorityQueue<>(worstFirst.thenComparing(g -> -g.nodes().size())
                .thenComparingInt(Group::first));
    }

    /** How many nodes can be ranked. */
    int size() {
        return quantizable.size();
    }

    /** Candidates measured so far. */
    int probes() {
        return probes;
    }

    /** Time spent measuring groups so far. */
    long millis() {
        return nanos / 1_000_000;
    }

    /** The nodes ranked so far, most sensitive first. */
    List<Sensitivity> ranked() {
        return List.copyOf(ranked);
    }

    /** The node of rank {@code i} (0: the most sensitive), measuring only what that takes. */
    Sensitivity get(int i) throws IOException, QuantizationException {
        start();
        while (ranked.size() <= i) {
            Group worst = pending.poll();
            if (worst.nodes().size() == 1) {
                ranked.add(new Sensitivity(worst.nodes().get(0), worst.alone()));
            } else {
                for (int j = 0; j < worst.nodes().size(); j++) {
                    measure(worst.nodes().subList(j, j + 1), worst.first() + j);
                }
            }
        }
        return ranked.get(i);
    }

    /**
     * The number of leading nodes of the ranking whose score alone passes {@code test}; stops measuring as soon
     * as the worst group left fails it (no node in any group left can pass it then).
     */
    int leading(Predicate<CandidateScore> test) throws IOException, QuantizationException {
        start();
        int i = 0;
        while (i < size()) {
            boolean unranked = i >= ranked.size();
            if (unranked && !test.test(pending.peek().alone()) || !test.test(get(i).alone())) {
                return i;
            }
            i++;
        }
        return i;
    }

    private void start() throws IOException, QuantizationException {
        if (probes > 0) {
            return;
        }
        int size = (int) Math.ceil(Math.sqrt(quantizable.size()));
        for (int first = 0; first < quantizable.size(); first += size) {
            measure(quantizable.subList(first, Math.min(quantizable.size(), first + size)), first);
        }
    }

    private void measure(List<String> group, int first) throws IOException, QuantizationException {
        long start = System.nanoTime();
        Set<String> others = new LinkedHashSet<>(quantizable);
        group.forEach(others::remove);
        AutoCandidates.Candidate alone = candidates.build(others, samples);
        candidates.discard(alone);
        probes++;
        pending.add(new Group(List.copyOf(group), first, alone.score()));
        nanos += System.nanoTime() - start;
    }
}
