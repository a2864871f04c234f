package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.distill.layers.LayerCut;
import dev.mcs.worker.engine.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which of the teacher's layers a student keeps: as the job says ({@code keep}), or, given only how many, chosen by
 * measurement before training: every subset of that size (or, past {@value #MAX_SUBSETS} subsets, a greedy descent
 * that drops one layer at a time) is cut from the teacher and scored by the pooled cosine of its output to the
 * teacher's on a slice of the validation samples; the best one is kept.
 *
 * @param keep the kept layers, ascending
 * @param chosenBy {@code keep} (given) or {@code measurement}
 * @param scores pooled cosine to the teacher of each measured subset, in the order measured (empty when given)
 */
record LayerChoice(List<Integer> keep, String chosenBy, List<SubsetScore> scores) {

    /**
     * One measured candidate.
     *
     * @param keep the layers it keeps
     * @param pooledCosine mean pooled cosine of its output to the teacher's, before any training
     */
    record SubsetScore(List<Integer> keep, double pooledCosine) {}

    static final int MAX_SUBSETS = 64;

    static LayerChoice given(EncoderLayers encoder, List<Integer> keep) {
        LayerCut.check(encoder, keep);
        return new LayerChoice(List.copyOf(keep), "keep", List.of());
    }

    static LayerChoice measure(OnnxMl.ModelProto teacher, EncoderLayers encoder, int count, List<Sample> slice)
            throws OrtException {
        int total = encoder.count();
        if (count > total) {
            throw new IllegalArgumentException("'layers' asks for " + count + " layers, but the teacher has " + total);
        }
        List<Integer> all = IntStream.range(0, total).boxed().toList();
        if (count == total) {
            return new LayerChoice(all, "measurement", List.of());
        }
        PooledAgreement agreement = PooledAgreement.against(teacher, slice);
        List<SubsetScore> scores = new ArrayList<>();
        List<Integer> best = subsets(total, count) <= MAX_SUBSETS
                ? exhaustive(teacher, encoder, count, agreement, scores) : greedy(teacher, encoder, count, agreement, scores);
        return new LayerChoice(best, "measurement", scores);
    }

    private static List<Integer> exhaustive(OnnxMl.ModelProto teacher, EncoderLayers encoder, int count,
            PooledAgreement agreement, List<SubsetScore> scores) throws OrtException {
        List<List<Integer>> candidates = new ArrayList<>();
        combinations(encoder.count(), count, 0, new ArrayList<>(), candidates);
        return bestOf(teacher, encoder, candidates, agreement, scores);
    }

    private static List<Integer> greedy(OnnxMl.ModelProto teacher, EncoderLayers encoder, int count,
            PooledAgreement agreement, List<SubsetScore> scores) throws OrtException {
        List<Integer> current = IntStream.range(0, encoder.count()).boxed().toList();
        while (current.size() > count) {
            List<List<Integer>> candidates = new ArrayList<>();
            for (Integer drop : current) {
                candidates.add(current.stream().filter(l -> !l.equals(drop)).toList());
            }
            current = bestOf(teacher, encoder, candidates, agreement, scores);
        }
        return current;
    }

    private static List<Integer> bestOf(OnnxMl.ModelProto teacher, EncoderLayers encoder,
            List<List<Integer>> candidates, PooledAgreement agreement, List<SubsetScore> scores) throws OrtException {
        List<Integer> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (List<Integer> candidate : candidates) {
            double score = agreement.of(LayerCut.keep(teacher, encoder, candidate));
            scores.add(new SubsetScore(candidate, score));
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static void combinations(int total, int count, int from, List<Integer> prefix, List<List<Integer>> out) {
        if (prefix.size() == count) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = from; i <= total - (count - prefix.size()); i++) {
            prefix.add(i);
            combinations(total, count, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static double subsets(int total, int count) {
        double n = 1;
        for (int i = 0; i < count; i++) {
            n = n * (total - i) / (i + 1);
        }
        return n;
    }
}
