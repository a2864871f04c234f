package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Measures each quantizable node's sensitivity by quantizing it ALONE, every other quantizable node in float: the
 * exact, one-candidate-per-node ranking. {@code auto} ranks with {@link GroupedSensitivity}, which measures
 * groups the same way and needs far fewer candidates; this one is the reference the grouped ranking is checked
 * against (docs/benchmarks.md).
 *
 * <p>Why this variant rather than "all but this one": quantization errors of separate layers add up roughly
 * independently, so the error a node causes alone is its own share, measured against an exact reference
 * (cosine 1). "All but this one" would read the same share as the small difference of two nearly equal,
 * already degraded scores, where sample noise and layer interactions blur the ranking. Both cost one candidate
 * per node. The isolated scores also answer feasibility up front: a node that misses the target alone cannot be
 * quantized in any candidate, and if the least sensitive node misses it, no candidate can meet it.
 */
final class SensitivityProbe {

    private final AutoCandidates candidates;
    private final AutoTarget target;

    SensitivityProbe(AutoCandidates candidates, AutoTarget target) {
        this.candidates = candidates;
        this.target = target;
    }

    /** Sensitivities, most sensitive (worst score alone) first. */
    List<Sensitivity> rank(List<String> quantizable, DoubleConsumer progress) throws IOException, QuantizationException {
        List<Sensitivity> measured = new ArrayList<>();
        for (String node : quantizable) {
            Set<String> others = new LinkedHashSet<>(quantizable);
            others.remove(node);
            AutoCandidates.Candidate alone = candidates.build(others);
            candidates.discard(alone);
            measured.add(new Sensitivity(node, alone.score()));
            progress.accept(measured.size() / (double) quantizable.size());
        }
        measured.sort(mostSensitiveFirst());
        return measured;
    }

    private Comparator<Sensitivity> mostSensitiveFirst() {
        return (a, b) -> target.better(a.alone(), b.alone()) ? 1 : target.better(b.alone(), a.alone()) ? -1 : 0;
    }
}
