package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurements behind {@link UnitSelection#FLOOR} and the MiniLM shares per kind, without recovery: the floor at
 * 0 (one unit per group), 0.25, 0.5 and 1 (the same share from every group) on all-MiniLM-L6-v2 (FFN neurons and heads
 * a third each, activation criterion on the first 256 sentences of the corpus's train split, scored once; pooled
 * cosine to fp32 on the held-out {@code eval-64.npz}) and on both digits CNNs (half the channels, activation on the
 * training split, held-out accuracy); then MiniLM at several FFN and head shares with the chosen floor, each with its
 * batch-1 speed-up (interleaved with fp32, 32-token sentence, one thread). Prints the numbers docs/pruning.md
 * reports.
 */
@Tag("benchmark")
class KindSharesBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final double[] FLOORS = {0, 0.25, 0.5, 1};

    @TempDir
    Path dir;

    @Test
    void onMinilmTheFloorCostsLittleFidelityAndSharesPerKindTradeSpeedForIt() throws Exception {
        Path fp32 = BenchMaterial.require(BenchMaterial.MINILM);
        StructuredParams third = new StructuredParams("structured", 1.0 / 3, List.of("ffn", "heads"), "activation",
                null).withDefaults();
        StructuredPruner.Scored scored = StructuredPruner.score(OnnxModelFile.read(fp32).proto(), third,
                DatasetPart.whole(BenchMaterial.require("corpus-train.npz")));
        for (double floor : FLOORS) {
            StructuredPruner.Outcome outcome = StructuredPruner.cut(scored, third, floor);
            Path pruned = write(outcome, "minilm-" + floor);
            System.out.printf("MiniLM ffn+heads 1/3, floor %.2f: eval-64 cos %.4f, kept %s; %s%n", floor,
                    cosine(fp32, pruned), kept(outcome), load());
        }
        List<Map<String, Double>> shares = List.of(Map.of("ffn", 1.0 / 3, "heads", 1.0 / 3),
                Map.of("ffn", 0.4, "heads", 0.25), Map.of("ffn", 0.3, "heads", 0.25),
                Map.of("ffn", 0.35, "heads", 0.15), Map.of("ffn", 0.4, "heads", 0.15));
        for (Map<String, Double> share : shares) {
            StructuredParams params = new StructuredParams("structured", null, List.of("ffn", "heads"), share,
                    "activation", null).withDefaults();
            StructuredPruner.Outcome outcome = StructuredPruner.cut(scored, params, UnitSelection.FLOOR);
            Path pruned = write(outcome, "minilm-" + share.get("ffn") + "-" + share.get("heads"));
            double speedup = 1 / InterleavedLatency.sentenceRatio(pruned, fp32, 400);
            System.out.printf("MiniLM ffn %.3f heads %.3f (floor %.2f): %.3fx faster at batch 1, eval-64 cos %.4f,"
                    + " kept %s; %s%n", share.get("ffn"), share.get("heads"), UnitSelection.FLOOR, speedup,
                    cosine(fp32, pruned), kept(outcome), load());
            assertThat(speedup).isGreaterThan(1.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void onTheDigitsCnnsEveryFloorKeepsItsMinimumAndTheAccuracyIsPrinted(String name) throws Exception {
        Path original = FIXTURES.resolve(name + ".onnx");
        StructuredParams half = new StructuredParams("structured", 0.5, List.of("channels"), "activation", null)
                .withDefaults();
        StructuredPruner.Scored scored = StructuredPruner.score(OnnxModelFile.read(original).proto(), half,
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")));
        double before = StaticInt8Fixture.accuracy(original, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        for (double floor : FLOORS) {
            StructuredPruner.Outcome outcome = StructuredPruner.cut(scored, half, floor);
            Path pruned = write(outcome, name + "-" + floor);
            System.out.printf("%s channels 1/2, floor %.2f: held-out accuracy %.4f (original %.4f), kept %s%n",
                    name, floor, StaticInt8Fixture.accuracy(pruned, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8), before,
                    kept(outcome));
            assertThat(outcome.groups()).allSatisfy(g -> assertThat(g.kept())
                    .isGreaterThanOrEqualTo(UnitSelection.minimumKept(g.units(), 0.5, floor)));
        }
    }

    private Path write(StructuredPruner.Outcome outcome, String name) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        Files.write(file, outcome.model().toByteArray());
        return file;
    }

    private static double cosine(Path fp32, Path pruned) throws Exception {
        return Arrays.stream(PooledCosines.of(fp32, pruned, BenchMaterial.require(BenchMaterial.EVAL_64))).average()
                .orElseThrow();
    }

    private static List<String> kept(StructuredPruner.Outcome outcome) {
        return outcome.groups().stream().map(g -> g.kind() + ":" + g.kept()).toList();
    }

    private static String load() {
        return String.format("load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
