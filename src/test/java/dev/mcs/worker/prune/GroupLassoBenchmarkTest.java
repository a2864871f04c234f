package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.prune.recovery.PenaltyCut;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import dev.mcs.worker.technique.MethodRun;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The group lasso of structured recovery against plain recovery on the digits CNNs: {@code structured} 50 % of the
 * Conv channels (activation criterion) plus recovery on the training split, without a penalty and with the group
 * lasso at several strengths (checkpoint {@code sparsest-within}, one point); accuracy on the hold-out, channels cut
 * beyond the 50 %, parameters and batch-1 latency against the original (interleaved). Prints what docs/pruning.md
 * reports, with the load average; asserts only that every output runs and that a cut is reported.
 */
@Tag("benchmark")
class GroupLassoBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void the_group_lasso_at_several_strengths_against_plain_recovery(String name) throws Exception {
        Path original = FIXTURES.resolve(name + ".onnx");
        double before = StaticInt8Fixture.accuracy(original, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        System.out.printf("%s original accuracy %.4f; %s%n", name, before, load());
        row(name, original, "none", null);
        for (String strength : System.getProperty("lasso.strengths", "0.0003,0.001,0.003").split(",")) {
            row(name, original, strength, Double.valueOf(strength));
        }
    }

    /**
     * Does the lasso choose better than the ranking at the same size? The wide CNN with the lasso (sparsest-within and
     * best checkpoints), then plain structured pruning + recovery at the sparsity the lasso ended at.
     */
    @org.junit.jupiter.api.Test
    void on_the_wide_cnn_the_lasso_against_plain_pruning_to_the_same_size_and_against_the_best_checkpoint()
            throws Exception {
        Path original = FIXTURES.resolve("digits_cnn_wide.onnx");
        double strength = Double.parseDouble(System.getProperty("lasso.matched", "0.0003"));
        PruneReport lasso = row("digits_cnn_wide", original, strength + "-sparsest", strength,
                RecoverySpec.SPARSEST_WITHIN, 0.5);
        row("digits_cnn_wide", original, strength + "-best", strength, RecoverySpec.BEST, 0.5);
        int units = lasso.groups().stream().mapToInt(g -> g.units()).sum();
        int kept = lasso.groups().stream().mapToInt(g -> g.kept()).sum();
        row("digits_cnn_wide", original, "none-at-" + kept + "-of-" + units, null, null, 1 - kept / (double) units);
    }

    private PruneReport row(String name, Path original, String label, Double strength) throws Exception {
        return row(name, original, label, strength, strength == null ? null : RecoverySpec.SPARSEST_WITHIN, 0.5);
    }

    private PruneReport row(String name, Path original, String label, Double strength, String checkpoint,
            double sparsity) throws Exception {
        RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, null, null, null, null,
                strength == null ? null : RecoverySpec.GROUP_LASSO, strength, null, checkpoint, null, null);
        StructuredParams params = new StructuredParams("structured", sparsity, List.of("channels"), "activation",
                recovery).withDefaults();
        Path out = dir.resolve(name + "-" + label + ".onnx");
        PruneReport report = (PruneReport) new StructuredMethod().apply(new MethodRun(original, ModelFormat.ONNX, out,
                params, DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")), null,
                EvaluationSettings.defaults(), share -> { }));
        double after = StaticInt8Fixture.accuracy(out, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        double latency = digitsLatency(out, original);
        PenaltyCut cut = report.recoveryPenalty();
        System.out.printf("%s penalty %s: accuracy %.4f, kept %s, removed by the lasso %s, parameters %d -> %d,"
                + " file %d bytes, latency ratio %.3f, epochs %d, checkpoint epoch %d (%s); %s%n", name, label, after,
                report.groups().stream().map(g -> g.kept()).toList(), cut == null ? "-" : cut.kinds(),
                report.before().parameters(), report.after().parameters(), report.after().fileBytes(), latency,
                report.recovery().epochsRun(), report.recovery().bestEpoch(), report.recovery().stoppedBecause(),
                load());
        assertThat(after).as("the output runs and classifies").isBetween(0.0, 1.0);
        assertThat(cut == null).isEqualTo(strength == null);
        return report;
    }

    private static double digitsLatency(Path model, Path baseline) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession m = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OrtSession b = env.createSession(baseline.toString(), new OrtSession.SessionOptions());
                InputTensors one = InputTensors.of(env, DatasetInputs.read(DatasetPart.whole(
                        StaticInt8Fixture.CNN_HOLDOUT), b.getInputInfo(), 1, "none").samples().get(0))) {
            return InterleavedLatency.medianRatio(m, b, one.tensors(), 200, 2000);
        }
    }

    private static String load() {
        return String.format("load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
