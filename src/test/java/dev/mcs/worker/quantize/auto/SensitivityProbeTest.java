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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sensitivities of the digits MLP's three Gemms, each quantized alone, on the real ONNX Runtime. */
class SensitivityProbeTest {

    private static final Path MLP = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
    private static final Path HOLDOUT = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");

    @TempDir
    Path dir;

    @Test
    void everyQuantizableNodeIsMeasuredAloneAndRankedMostSensitiveFirst() throws Exception {
        AutoTarget target = AutoTarget.of(new QuantizeTarget(0.999, null));
        MethodRun request = new MethodRun(MLP, ModelFormat.ONNX, dir.resolve("out.onnx"),
                new AutoParams("auto", new QuantizeTarget(0.999, null), null, null).withDefaults(), DatasetPart.whole(HOLDOUT),
                DatasetPart.whole(HOLDOUT), EvaluationSettings.defaults(), share -> { });
        List<Double> progress = new ArrayList<>();
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(MLP, DatasetPart.whole(HOLDOUT), EvaluationSettings.defaults());
                AutoCandidates candidates = new AutoCandidates(request, "dynamic_int8", List.of(), evaluator)) {
            List<String> nodes = candidates.build(List.of()).quantizedNodes();

            List<Sensitivity> ranked = new SensitivityProbe(candidates, target).rank(nodes, progress::add);

            assertThat(ranked).extracting(Sensitivity::node).containsExactlyInAnyOrderElementsOf(nodes).hasSize(3);
            assertThat(ranked).extracting(Sensitivity::cosineLoss).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(ranked.get(0).cosineLoss()).isPositive().isLessThan(0.01);
            assertThat(progress).containsExactly(1 / 3.0, 2 / 3.0, 1.0);
            assertThat(candidates.built()).isEqualTo(4);
        }
    }
}
