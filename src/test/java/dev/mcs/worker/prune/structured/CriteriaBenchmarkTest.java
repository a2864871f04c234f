package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.quantize.BenchMaterial;
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
 * The three criteria side by side, without recovery: on both digits CNNs half the Conv channels removed (scored on
 * the training split, which has labels, so {@code taylor} uses cross-entropy), accuracy on the 360 held-out digits;
 * on all-MiniLM-L6-v2 FFN 0.4 and heads 0.15 (scored on the first 256 sentences of {@code corpus-train.npz}, no
 * labels, so {@code taylor} uses its random-projection proxy), pooled cosine to fp32 on {@code eval-64.npz}. Prints
 * the numbers docs/pruning.md reports.
 */
@Tag("benchmark")
class CriteriaBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final List<String> CRITERIA = List.of("magnitude", "activation", "taylor");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void onTheDigitsCnnsEachCriterionsHeldOutAccuracyAtHalfTheChannels(String name) throws Exception {
        Path original = FIXTURES.resolve(name + ".onnx");
        double before = StaticInt8Fixture.accuracy(original, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        for (String criterion : CRITERIA) {
            StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), criterion, null)
                    .withDefaults();
            long start = System.nanoTime();
            StructuredPruner.Outcome outcome = StructuredPruner.prune(OnnxModelFile.read(original).proto(), params,
                    DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            Path pruned = dir.resolve(name + "-" + criterion + ".onnx");
            Files.write(pruned, outcome.model().toByteArray());
            double after = StaticInt8Fixture.accuracy(pruned, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
            System.out.printf("%s channels 1/2 by %s, no recovery: held-out accuracy %.4f (original %.4f), kept %s,"
                    + " %d ms; %s%n", name, criterion, after, before,
                    outcome.groups().stream().map(StructuredPruner.GroupResult::kept).toList(), ms, load());
            assertThat(after).isGreaterThan(0.5);
        }
    }

    @Test
    void onMinilmEachCriterionsPooledCosineAtFfnFortyAndHeadsFifteenPercent() throws Exception {
        Path fp32 = BenchMaterial.require(BenchMaterial.MINILM);
        for (String criterion : CRITERIA) {
            StructuredParams params = new StructuredParams("structured", null, List.of("ffn", "heads"),
                    Map.of("ffn", 0.4, "heads", 0.15), criterion, null).withDefaults();
            long start = System.nanoTime();
            StructuredPruner.Outcome outcome = StructuredPruner.prune(OnnxModelFile.read(fp32).proto(), params,
                    DatasetPart.whole(BenchMaterial.require("corpus-train.npz")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            Path pruned = dir.resolve("minilm-" + criterion + ".onnx");
            Files.write(pruned, outcome.model().toByteArray());
            double cosine = Arrays.stream(PooledCosines.of(fp32, pruned, BenchMaterial.require(BenchMaterial.EVAL_64)))
                    .average().orElseThrow();
            System.out.printf("MiniLM ffn 0.4 heads 0.15 by %s, no recovery: eval-64 cos %.4f, kept %s, %d ms; %s%n",
                    criterion, cosine, outcome.groups().stream().map(g -> g.kind() + ":" + g.kept()).toList(), ms,
                    load());
            assertThat(cosine).isGreaterThan(0.5);
        }
    }

    /** Whether {@code taylor}'s gap to {@code activation} on MiniLM is the score or the refit that follows it. */
    @Test
    void onMinilmTaylorScoresWithTheActivationRefit() throws Exception {
        Path fp32 = BenchMaterial.require(BenchMaterial.MINILM);
        var model = OnnxModelFile.read(fp32).proto();
        DatasetPart calibration = DatasetPart.whole(BenchMaterial.require("corpus-train.npz"));
        Map<String, Double> shares = Map.of("ffn", 0.4, "heads", 0.15);
        StructuredParams taylor = new StructuredParams("structured", null, List.of("ffn", "heads"), shares, "taylor",
                null).withDefaults();
        StructuredPruner.Scored byTaylor = StructuredPruner.score(model, taylor, calibration);
        StructuredPruner.Scored byActivation = StructuredPruner.score(model, new StructuredParams("structured", null,
                List.of("ffn", "heads"), shares, "activation", null).withDefaults(), calibration);
        StructuredPruner.Outcome outcome = StructuredPruner.cut(new StructuredPruner.Scored(model, byTaylor.graph(),
                byTaylor.scores(), byActivation.stats(), byTaylor.skipped(), false), taylor, UnitSelection.FLOOR);
        Path pruned = dir.resolve("minilm-taylor-refit.onnx");
        Files.write(pruned, outcome.model().toByteArray());
        double cosine = Arrays.stream(PooledCosines.of(fp32, pruned, BenchMaterial.require(BenchMaterial.EVAL_64)))
                .average().orElseThrow();
        System.out.printf("MiniLM ffn 0.4 heads 0.15 by taylor with the activation refit, no recovery: eval-64 cos %.4f,"
                + " kept %s; %s%n", cosine, outcome.groups().stream().map(g -> g.kind() + ":" + g.kept()).toList(),
                load());
        assertThat(cosine).isGreaterThan(0.5);
    }

    private static String load() {
        return String.format("load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
