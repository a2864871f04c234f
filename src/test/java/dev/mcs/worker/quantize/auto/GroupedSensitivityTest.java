package dev.mcs.worker.quantize.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.AutoParams;
import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grouped ranking of the digits MLP's three Gemms against the exact one, on the real ONNX Runtime. */
class GroupedSensitivityTest {

    private static final Path MLP = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
    private static final DatasetPart HOLDOUT = DatasetPart.whole(Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz"));
    private static final AutoTarget TARGET = new AutoTarget(0.999, null);

    @TempDir
    Path dir;

    @Test
    void theGroupedRankingPutsTheNodesInTheOrderOfTheExactOneNodeAtATimeRanking() throws Exception {
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(MLP, HOLDOUT, EvaluationSettings.defaults());
                AutoCandidates candidates = new AutoCandidates(request(), "dynamic_int8", List.of(), evaluator)) {
            List<String> nodes = candidates.build(List.of()).quantizedNodes();
            List<Sensitivity> exact = new SensitivityProbe(candidates, TARGET).rank(nodes, share -> { });

            GroupedSensitivity grouped = new GroupedSensitivity(candidates, TARGET, nodes, Integer.MAX_VALUE);

            for (int i = 0; i < nodes.size(); i++) {
                assertThat(grouped.get(i).node()).isEqualTo(exact.get(i).node());
                assertThat(grouped.get(i).cosineLoss()).isEqualTo(exact.get(i).cosineLoss());
            }
            assertThat(grouped.ranked()).hasSize(3);
        }
    }

    @Test
    void rankingOnlyTheMostSensitiveNodeMeasuresGroupsNotEveryNode() throws Exception {
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(MLP, HOLDOUT, EvaluationSettings.defaults());
                AutoCandidates candidates = new AutoCandidates(request(), "dynamic_int8", List.of(), evaluator)) {
            List<String> nodes = candidates.build(List.of()).quantizedNodes();
            GroupedSensitivity grouped = new GroupedSensitivity(candidates, TARGET, nodes, Integer.MAX_VALUE);

            int missing = grouped.leading(score -> score.cosineMean() < 0);

            assertThat(missing).isZero();
            assertThat(grouped.ranked()).isEmpty();
            assertThat(grouped.probes()).isEqualTo(2); // groups of ceil(sqrt(3)) = 2 nodes: [a, b], [c]
        }
    }

    private MethodRun request() {
        return new MethodRun(MLP, ModelFormat.ONNX, dir.resolve("out.onnx"),
                new AutoParams("auto", new QuantizeTarget(0.999, null), null, null).withDefaults(), HOLDOUT, HOLDOUT,
                EvaluationSettings.defaults(), share -> { });
    }
}
