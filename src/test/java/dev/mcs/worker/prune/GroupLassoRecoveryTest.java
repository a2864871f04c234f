package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.prune.recovery.PenaltyCut;
import dev.mcs.worker.technique.MethodRun;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import dev.mcs.worker.quantize.PooledCosines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code structured} recovery with the group lasso on the digits CNN: units the penalty zeroes are cut from the
 * graph after recovery, and the smaller graph still runs in ONNX Runtime.
 */
class GroupLassoRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void a_strong_group_lasso_removes_units_beyond_the_requested_sparsity_and_the_graph_still_runs() throws Exception {
        PruneReport plain = prune(recovery(null, null, null), "plain.onnx");
        PruneReport lasso = prune(recovery(RecoverySpec.GROUP_LASSO, 0.1, RecoverySpec.SPARSEST_WITHIN), "lasso.onnx");

        PenaltyCut cut = lasso.recoveryPenalty();
        assertThat(plain.recoveryPenalty()).isNull();
        assertThat(cut.kinds()).extracting(PenaltyCut.KindCut::kind).containsExactly("channels", "ffn");
        int removed = cut.kinds().stream().mapToInt(PenaltyCut.KindCut::removed).sum();
        assertThat(removed).as("units cut beyond the 50 %").isPositive();
        assertThat(cut.kinds()).as("every group keeps a unit").allSatisfy(k -> assertThat(k.removed())
                .isLessThan(k.units()));
        assertThat(cut.parametersAfter()).isLessThan(cut.parametersBefore());
        assertThat(lasso.after().parameters()).isEqualTo(cut.parametersAfter()).isLessThan(plain.after().parameters());
        assertThat(cut.fileBytesAfter()).isEqualTo(Files.size(dir.resolve("lasso.onnx")))
                .isLessThan(cut.fileBytesBefore());
        int keptPlain = plain.groups().stream().mapToInt(g -> g.kept()).sum();
        int keptLasso = lasso.groups().stream().mapToInt(g -> g.kept()).sum();
        assertThat(keptLasso).as("the report's groups hold what the output holds").isEqualTo(keptPlain - removed);
        float[] logits = runs(dir.resolve("lasso.onnx"));
        assertThat(logits).hasSize(4 * 10);
        for (float v : logits) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void onAnEncoderTheGroupLassoShrinksFfnNeuronsAndHeadsAndTheCutEncoderStillRuns() throws Exception {
        Path encoder = Fixtures.TINY_ENCODER;
        RecoverySpec recovery = new RecoverySpec(2, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null,
                null, RecoverySpec.GROUP_LASSO, 1.0, null, null, null, null);
        Path out = dir.resolve("encoder.onnx");

        PruneReport report = (PruneReport) new StructuredMethod().apply(new MethodRun(encoder, ModelFormat.ONNX, out,
                new StructuredParams("structured", 0.25, null, "magnitude", recovery).withDefaults(),
                DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN), DatasetPart.whole(Fixtures.TINY_ENCODER_HOLDOUT),
                EvaluationSettings.defaults(), share -> { }));

        PenaltyCut cut = report.recoveryPenalty();
        System.out.printf("tiny encoder group lasso: %s; groups %s%n", cut, report.groups());
        assertThat(cut.kinds()).extracting(PenaltyCut.KindCut::kind).contains("ffn", "heads");
        assertThat(cut.kinds().stream().mapToInt(PenaltyCut.KindCut::removed).sum()).isPositive();
        assertThat(report.after().parameters()).isEqualTo(cut.parametersAfter()).isLessThan(cut.parametersBefore());
        double[] cosines = PooledCosines.of(encoder, out, Fixtures.TINY_ENCODER_HOLDOUT);
        assertThat(cosines).isNotEmpty();
        assertThat(Arrays.stream(cosines).allMatch(Double::isFinite)).as("the cut encoder runs").isTrue();
    }

    /** Two epochs; a sparsest checkpoint may give up half the agreement: this test is about the cut, not accuracy. */
    static RecoverySpec recovery(String penalty, Double strength, String checkpoint) {
        return new RecoverySpec(2, null, null, null, null, null, null, null, null, null, penalty, strength, null,
                checkpoint, checkpoint == null ? null : 0.5, null);
    }

    private PruneReport prune(RecoverySpec recovery, String name) throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, null, "magnitude", recovery).withDefaults();
        return (PruneReport) new StructuredMethod().apply(new MethodRun(Fixtures.CNN_ONNX, ModelFormat.ONNX,
                dir.resolve(name), params, DatasetPart.whole(Fixtures.CNN_TRAIN), null, EvaluationSettings.defaults(),
                share -> { }));
    }

    /** The model's logits for four random 8x8 digits, in ONNX Runtime. */
    static float[] runs(Path model) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] input = new float[4 * 64];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(Files.readAllBytes(model), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {4, 1, 8, 8});
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
