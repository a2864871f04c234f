package dev.mcs.worker.prune.recovery;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.prune.structured.UnitGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a group-lasso recovery, cuts the units the penalty brought to zero out of the recovered graph, so they buy
 * speed and size and not only zeros in a dense file.
 */
final class GroupLassoCut {

    /**
     * A unit is negligible at a millionth of its group's largest unit norm: about eight float32 roundings
     * (epsilon 1.2e-7) of the layer's own largest contributions, so removing it moves the outputs no more than
     * rounding already does. The proximal step makes exact zeros, so this only also catches units a float step left
     * a hair above zero; the same rule holds for any model because it is relative to the layer's own scale.
     */
    static final double REMOVAL_TOLERANCE = 1e-6;

    record Outcome(PenaltyCut report, List<StructuredPruner.GroupResult> groups) {}

    private GroupLassoCut() {}

    /** Cuts the negligible units of {@code output} (rewritten in place) and says what went. */
    static Outcome apply(ModelProto trained, Path output, Collection<String> kinds, boolean residualStreams,
            double strength, double threshold) throws IOException {
        long bytesBefore = Files.size(output);
        UnitGroups.Removal removal = UnitGroups.removeNegligible(trained, kinds, residualStreams, REMOVAL_TOLERANCE);
        RecoveryTraining.write(removal.model(), output);
        Map<String, int[]> perKind = new LinkedHashMap<>();
        for (StructuredPruner.GroupResult g : removal.groups()) {
            int[] counts = perKind.computeIfAbsent(g.kind(), k -> new int[3]);
            counts[0] += g.units();
            counts[1] += removal.zeroed().getOrDefault(g.node(), 0);
            counts[2] += g.units() - g.kept();
        }
        List<PenaltyCut.KindCut> kindCuts = new ArrayList<>();
        perKind.forEach((kind, c) -> kindCuts.add(new PenaltyCut.KindCut(kind, c[0], c[1], c[2])));
        return new Outcome(new PenaltyCut(dev.mcs.shared.technique.prune.RecoverySpec.GROUP_LASSO, strength, threshold, REMOVAL_TOLERANCE,
                kindCuts, parameters(trained), parameters(removal.model()), bytesBefore, Files.size(output)),
                removal.groups());
    }

    static long parameters(ModelProto model) {
        return model.getGraph().getInitializerList().stream().filter(Weights::isFloat).mapToLong(Weights::count).sum();
    }
}
