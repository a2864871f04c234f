package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import dev.mcs.worker.technique.MethodRun;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CNN checks on two families the issue does not name (fixtures/generate_cnn_families.py): a ResNet-style
 * net (identity and projection shortcuts) and a MobileNet-style net (depthwise-separable convs, an inverted residual),
 * each with BatchNormalization kept and folded. {@code structured} 50 % of the channels + recovery on the digits
 * training split, accuracy on the hold-out, parameters, batch-1 latency (interleaved); TorchScript {@code magnitude}
 * 50 % + recovery. By default ({@code residualStreams: auto}) each stream is cut as one group and "2 x fewer
 * parameters" is asserted; with {@code keep} the residual-stream channels are tied and stay, so it is only printed.
 */
@Tag("benchmark")
class CnnFamiliesPruneBenchmarkTest {

    /** Recovery with its defaults. */
    private static final RecoverySpec RECOVERY = new RecoverySpec(null, null, null, null, null, null, null, null, null,
            null, null);

    @TempDir
    Path dir;

    /**
     * The defaults ({@code residualStreams: auto}): where keeping the residual streams leaves more than half the
     * parameters (the ResNets; the MobileNet with {@code magnitude}), each stream written by Convs is one joint group.
     * Measured 2026-12-02 (docs/pruning.md, "Residual streams pruned"), the ResNet's batch-1 latency sat at about 1.0
     * (per-operator overhead), so that case can fail here: the asserts are the targets.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"digits_resnet, activation", "digits_resnet, magnitude", "digits_resnet_fused, activation",
            "digits_mobilenet, activation", "digits_mobilenet, magnitude", "digits_mobilenet_fused, activation"})
    void by_default_half_the_channels_give_twice_fewer_parameters_within_a_point(String name,
            String criterion) throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), criterion, RECOVERY)
                .withDefaults();
        Measured m = pruneAndMeasure(name, params, name + " structured 50% channels (" + criterion + ") + recovery");
        assertThat(m.fewer()).as("parameters before / after").isGreaterThanOrEqualTo(2.0);
        assertThat(m.after()).isGreaterThanOrEqualTo(m.before() - 0.01);
        assertThat(m.latency()).as("pruned/original latency at batch 1").isLessThan(1.0);
    }

    /**
     * {@code residualStreams: keep}, the rule ("dimensions tied to a residual stream are left alone"): the
     * streams stay, so half the prunable channels leave 1.7-1.9 x fewer parameters (not asserted).
     */
    @ParameterizedTest(name = "{0} {1} residual streams kept")
    @CsvSource({"digits_resnet, activation", "digits_resnet_fused, activation", "digits_mobilenet, activation"})
    void with_residual_streams_kept_half_the_inner_channels_go_within_a_point(String name, String criterion)
            throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), criterion, RECOVERY)
                .withResidualStreams(StructuredParams.KEEP).withDefaults();
        Measured m = pruneAndMeasure(name, params, name + " structured 50% channels (" + criterion
                + ", residualStreams keep) + recovery");
        assertThat(m.report().skipped()).as("the residual streams are tied and stay").isNotEmpty();
        assertThat(m.after()).isGreaterThanOrEqualTo(m.before() - 0.01);
        assertThat(m.latency()).as("pruned/original latency at batch 1").isLessThan(1.0);
    }

    /**
     * Two shapes added after the targets were met on the others (fixtures/generate_cnn_families_2.py), with 24, 40 and
     * 80 channels: a VGG-style net without residual streams, and a MobileNetV2-style net whose 24- and 40-channel
     * streams are joined by default and stay with {@code keep} (then 1.73 x fewer parameters, measured 2026-12-02:
     * below the 2 x, which is asserted only where no stream was left whole).
     */
    @ParameterizedTest(name = "{0} residual streams {1}")
    @CsvSource({"digits_vgg, auto", "digits_mobilenetv2, auto", "digits_mobilenetv2, keep"})
    void on_further_shapes_half_the_channels_go_within_a_point_and_faster(String name, String streams)
            throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), "activation", RECOVERY)
                .withResidualStreams(streams).withDefaults();
        Measured m = pruneAndMeasure(name, params, name + " structured 50% channels (residualStreams " + streams
                + ") + recovery");
        assertThat(m.after()).isGreaterThanOrEqualTo(m.before() - 0.01);
        assertThat(m.latency()).as("pruned/original latency at batch 1").isLessThan(1.0);
        if (!streams.equals(StructuredParams.KEEP) || m.report().skipped().isEmpty()) {
            assertThat(m.fewer()).as("parameters before / after").isGreaterThanOrEqualTo(2.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_mobilenet", "digits_vgg", "digits_mobilenetv2"})
    void torchscript_magnitude_half_plus_recovery_stays_within_a_point(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        PruneReport report = (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(model,
                ModelFormat.TORCHSCRIPT, dir.resolve(name + "-masked.pt"),
                new MagnitudeParams("magnitude", 0.5, null, null, null, RECOVERY).withDefaults(),
                DatasetPart.whole(Fixtures.CNN_TRAIN), DatasetPart.whole(Fixtures.CNN_HOLDOUT),
                EvaluationSettings.defaults(), share -> { }));
        System.out.printf("%s.pt magnitude 0.5 + recovery: accuracy %.4f -> %.4f (agreement %.4f), %d epochs (%s),"
                + " %.1f s; nonzero %d -> %d; %s%n", name, report.heldOut().originalAccuracy(),
                report.heldOut().accuracy(), report.heldOut().agreement(), report.recovery().epochsRun(),
                report.recovery().stoppedBecause(), report.recovery().trainingMs() / 1000.0,
                report.before().nonZeroParameters(), report.after().nonZeroParameters(), load());
        assertThat(report.heldOut().accuracy()).isGreaterThanOrEqualTo(report.heldOut().originalAccuracy() - 0.01);
    }

    /** A pruned fixture's report, held-out accuracy before and after, latency ratio and parameter ratio. */
    private record Measured(PruneReport report, double before, double after, double latency, double fewer) {}

    /** Prunes {@code name}.onnx with {@code params} on the training split, measures it and prints the figures. */
    private Measured pruneAndMeasure(String name, StructuredParams params, String label) throws Exception {
        Path original = Fixtures.DIR.resolve(name + ".onnx");
        Path out = dir.resolve(name + "-" + params.residualStreams() + "-pruned.onnx");
        long started = System.nanoTime();
        PruneReport report = apply(original, out, params, DatasetPart.whole(Fixtures.CNN_TRAIN));
        Measured m = new Measured(report, StaticInt8Fixture.accuracy(original, Fixtures.CNN_HOLDOUT, 1, 8, 8),
                StaticInt8Fixture.accuracy(out, Fixtures.CNN_HOLDOUT, 1, 8, 8), latencyRatio(out, original),
                report.before().parameters() / (double) report.after().parameters());
        System.out.printf("%s: groups %s, skipped %s, warnings %s, parameters %d -> %d (%.2fx fewer), accuracy %.4f"
                + " -> %.4f, latency ratio %.3f, recovery %s, %.1f s; %s%n", label, report.groups(), report.skipped(),
                report.warnings(), report.before().parameters(), report.after().parameters(), m.fewer(), m.before(),
                m.after(), m.latency(), report.recovery(), (System.nanoTime() - started) / 1e9, load());
        return m;
    }

    private static PruneReport apply(Path input, Path output, MethodParams params, DatasetPart data)
            throws Exception {
        return (PruneReport) new StructuredMethod().apply(new MethodRun(input, ModelFormat.ONNX, output, params, data,
                null, EvaluationSettings.defaults(), share -> { }));
    }

    private static double latencyRatio(Path model, Path baseline) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession m = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OrtSession b = env.createSession(baseline.toString(), new OrtSession.SessionOptions());
                InputTensors one = InputTensors.of(env, DatasetInputs.read(DatasetPart.whole(Fixtures.CNN_HOLDOUT),
                        b.getInputInfo(), 1, "none").samples().get(0))) {
            return InterleavedLatency.medianRatio(m, b, one.tensors(), 200, 2000);
        }
    }

    private static String load() {
        return String.format("load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
