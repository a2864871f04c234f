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
import dev.mcs.shared.technique.prune.WandaParams;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pruning targets, measured on held-out data only. Digits CNNs: {@code structured} with half the Conv
 * channels removed plus recovery on the training split, accuracy on the hold-out, parameters, batch-1 latency
 * (interleaved). all-MiniLM-L6-v2, bge-small-en-v1.5 and e5-small-v2 without recovery: {@code wanda} 20 % and {@code structured}
 * FFN 25 %, pooled cosine to fp32 on each encoder's 64 evaluation sentences (calibrated on its 128 calibration
 * sentences), latency on a 32-token sentence; MiniLM heads 1/3.
 * Prints the numbers docs/pruning.md reports, with the load average seen.
 */
@Tag("benchmark")
class PruneBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void half_the_channels_go_and_recovery_brings_the_accuracy_back_within_a_point(String name) throws Exception {
        Path original = FIXTURES.resolve(name + ".onnx");
        RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, null, null, null, null, null);
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), "activation", recovery)
                .withDefaults();
        Path out = dir.resolve(name + "-pruned.onnx");
        PruneReport report = apply(new StructuredMethod(), original, out, params,
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")));

        double before = StaticInt8Fixture.accuracy(original, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        double after = StaticInt8Fixture.accuracy(out, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
        double latency = digitsLatency(out, original);
        double fewer = report.before().parameters() / (double) report.after().parameters();
        System.out.printf("%s structured 50%% channels + recovery: groups %s, parameters %d -> %d (%.2fx fewer),"
                + " accuracy %.4f -> %.4f, latency ratio %.3f, recovery %s; %s%n", name, report.groups(),
                report.before().parameters(), report.after().parameters(), fewer, before, after, latency,
                report.recovery(), load());
        assertThat(after).isGreaterThanOrEqualTo(before - 0.01);
        assertThat(fewer).isGreaterThanOrEqualTo(2.0);
        assertThat(latency).as("pruned/original latency at batch 1").isLessThan(1.0);
    }

    /** The encoders measured: all-MiniLM-L6-v2 and two more BERT-family members, bge-small-en-v1.5 and e5-small-v2. */
    enum Encoder {
        MINILM(BenchMaterial.MINILM, BenchMaterial.EVAL_64, BenchMaterial.CALIB_128),
        BGE_SMALL(BenchMaterial.BGE, BenchMaterial.BGE_EVAL_64, BenchMaterial.BGE_CALIB_128),
        E5_SMALL(BenchMaterial.E5, BenchMaterial.E5_EVAL_64, BenchMaterial.E5_CALIB_128);

        final String model;
        final String eval;
        final String calibration;

        Encoder(String model, String eval, String calibration) {
            this.model = model;
            this.eval = eval;
            this.calibration = calibration;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoder.class)
    void wanda_at_20_percent_keeps_the_pooled_embeddings(Encoder encoder) throws Exception {
        Path fp32 = BenchMaterial.require(encoder.model);
        Path eval = BenchMaterial.require(encoder.eval);
        DatasetPart calibration = DatasetPart.whole(BenchMaterial.require(encoder.calibration));
        Path magnitude = dir.resolve("magnitude.onnx");
        apply(new MaskMethod(MaskMethod.Kind.MAGNITUDE), fp32, magnitude,
                new MagnitudeParams("magnitude", 0.2, null, List.of("MatMul"), null, null).withDefaults(), calibration);
        Path wanda = dir.resolve("wanda.onnx");
        apply(new MaskMethod(MaskMethod.Kind.WANDA), fp32, wanda,
                new WandaParams("wanda", 0.2, null, null, null, null).withDefaults(), calibration);

        Path published = dir.resolve("wanda-no-refit.onnx");
        apply(new MaskMethod(MaskMethod.Kind.WANDA), fp32, published,
                new WandaParams("wanda", 0.2, null, null, false, null).withDefaults(), calibration);
        Path twoOfFour = dir.resolve("wanda-2-4.onnx");
        apply(new MaskMethod(MaskMethod.Kind.WANDA), fp32, twoOfFour,
                new WandaParams("wanda", null, "2:4", null, null, null).withDefaults(), calibration);

        double magnitudeCos = mean(PooledCosines.of(fp32, magnitude, eval));
        double wandaCos = mean(PooledCosines.of(fp32, wanda, eval));
        System.out.printf("%s: magnitude 20%% cos %.4f; wanda 20%% cos %.4f (refit false: %.4f); wanda 2:4 cos %.4f;"
                + " %s%n", encoder, magnitudeCos, wandaCos, mean(PooledCosines.of(fp32, published, eval)),
                mean(PooledCosines.of(fp32, twoOfFour, eval)), load());
        assertThat(wandaCos).isGreaterThanOrEqualTo(0.993);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoder.class)
    void structured_ffn_pruning_of_a_quarter_is_faster_and_keeps_the_pooled_embeddings(Encoder encoder)
            throws Exception {
        Path fp32 = BenchMaterial.require(encoder.model);
        Path eval = BenchMaterial.require(encoder.eval);
        DatasetPart calibration = DatasetPart.whole(BenchMaterial.require(encoder.calibration));
        Path structured = dir.resolve("structured.onnx");
        long start = System.nanoTime();
        PruneReport ffn = apply(new StructuredMethod(), fp32, structured,
                new StructuredParams("structured", 0.25, List.of("ffn"), "activation", null).withDefaults(),
                calibration);
        long jobSeconds = (System.nanoTime() - start) / 1_000_000_000;

        double structuredCos = mean(PooledCosines.of(fp32, structured, eval));
        double latency = InterleavedLatency.sentenceRatio(structured, fp32, 400);
        System.out.printf("%s structured ffn 25%%: cos %.4f, %.3fx faster, parameters %d -> %d, kept %s, method %d s;"
                + " %s%n", encoder, structuredCos, 1 / latency, ffn.before().parameters(), ffn.after().parameters(),
                ffn.groups().stream().map(StructuredPruner.GroupResult::kept).toList(), jobSeconds, load());
        assertThat(1 / latency).isGreaterThanOrEqualTo(1.10);
        assertThat(structuredCos).as("the issue's target (docs/pruning.md)").isGreaterThanOrEqualTo(0.975);
    }

    @Test
    void on_minilm_a_third_of_the_attention_heads_go_and_the_encoder_gets_faster() throws Exception {
        Path fp32 = BenchMaterial.require(BenchMaterial.MINILM);
        Path eval = BenchMaterial.require(BenchMaterial.EVAL_64);
        DatasetPart calibration = DatasetPart.whole(BenchMaterial.require(BenchMaterial.CALIB_128));
        Path heads = dir.resolve("heads.onnx");
        PruneReport report = apply(new StructuredMethod(), fp32, heads,
                new StructuredParams("structured", 1.0 / 3, List.of("heads"), "activation", null).withDefaults(),
                calibration);

        double cos = mean(PooledCosines.of(fp32, heads, eval));
        double latency = InterleavedLatency.sentenceRatio(heads, fp32, 400);
        System.out.printf("MiniLM structured heads 1/3: cos %.4f, %.3fx faster, parameters %d -> %d, kept %s; %s%n",
                cos, 1 / latency, report.before().parameters(), report.after().parameters(),
                report.groups().stream().map(StructuredPruner.GroupResult::kept).toList(), load());
        assertThat(report.groups()).hasSize(6).allSatisfy(g -> assertThat(g.units()).isEqualTo(12));
        assertThat(report.groups().stream().mapToInt(StructuredPruner.GroupResult::kept).sum()).isEqualTo(48);
        assertThat(1 / latency).isGreaterThan(1.0);
        assertThat(cos).isGreaterThan(0.85);
    }

    private static PruneReport apply(MethodRunner method, Path input, Path output, MethodParams params,
            DatasetPart data) throws Exception {
        return (PruneReport) method.apply(new MethodRun(input, ModelFormat.ONNX, output, params, data, null,
                EvaluationSettings.defaults(), share -> { }));
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

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static String load() {
        return String.format("load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
