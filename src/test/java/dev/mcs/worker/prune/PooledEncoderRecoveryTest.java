package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PooledEncoders;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.StageRecorder;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.shared.format.npz.NpzArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of an embedding model that pools and normalizes inside its graph (its output is {@code [batch, hidden]}):
 * trained on the cosine of that output, not on a softmax over its dimensions, measured on held-out tokens.
 */
class PooledEncoderRecoveryTest {

    @TempDir
    Path dir;

    private static RecoverySpec recovery(int epochs, String outputKind) {
        return new RecoverySpec(epochs, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null, null, null,
                null, outputKind, null);
    }

    @Test
    void aStructuredPrunedPooledEncoderRecoversItsHeldOutCosineAsAnEmbedding() throws Exception {
        Path original = PooledEncoders.write(dir.resolve("pooled.onnx"), true);
        Path plain = dir.resolve("plain.onnx");
        apply(new StructuredMethod(), original, plain,
                new StructuredParams("structured", 0.5, null, "magnitude", null).withDefaults());
        Path recovered = dir.resolve("recovered.onnx");
        PruneReport with = apply(new StructuredMethod(), original, recovered,
                new StructuredParams("structured", 0.5, null, "magnitude", recovery(8, null)).withDefaults());

        double before = meanCosine(original, plain);
        double after = meanCosine(original, recovered);
        Distillation.EncoderResult result = (Distillation.EncoderResult) with.recovery();
        System.out.printf("pooled tiny encoder structured 50%%: held-out cosine %.4f without recovery, %.4f with;"
                + " %s%n", before, after, result);
        assertThat(result.outputKind()).isEqualTo("embedding");
        assertThat(result.outputKindReason()).contains("pooled inside the graph");
        assertThat(1 - after).as("the embedding error at least halves").isLessThan((1 - before) * 0.5);
        assertThat(result.pooledCosineBefore()).isCloseTo(before, Offset.offset(1e-3));
        assertThat(result.pooledCosineAfter()).isCloseTo(after, Offset.offset(1e-3));
        assertThat(result.matchedLayers()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void magnitudeMasksOfAPooledEncoderRecoverOnTheEmbeddingWithTheMasksHeld() throws Exception {
        Path original = PooledEncoders.write(dir.resolve("pooled.onnx"), false);
        Path out = dir.resolve("masked.onnx");
        PruneReport report = apply(new MaskMethod(MaskMethod.Kind.MAGNITUDE), original, out,
                new MagnitudeParams("magnitude", 0.6, "layer", List.of("MatMul"), null, recovery(3, null)).withDefaults());

        Distillation.EncoderResult result = (Distillation.EncoderResult) report.recovery();
        System.out.printf("pooled tiny encoder magnitude 60%%: held-out cosine %.4f before recovery, %.4f after%n",
                result.pooledCosineBefore(), result.pooledCosineAfter());
        assertThat(result.outputKind()).isEqualTo("embedding");
        assertThat(result.pooledCosineAfter()).isGreaterThan(result.pooledCosineBefore());
        assertThat(report.layers()).isNotEmpty().allSatisfy(layer -> assertThat(layer.sparsity()).isBetween(0.55, 0.6));
    }

    @Test
    void anOverrideToClassesTrainsThePooledOutputOnSoftTargetsAndSaysSo() throws Exception {
        Path original = PooledEncoders.write(dir.resolve("pooled.onnx"), false);
        PruneReport report = apply(new MaskMethod(MaskMethod.Kind.MAGNITUDE), original, dir.resolve("classes.onnx"),
                new MagnitudeParams("magnitude", 0.3, "layer", List.of("MatMul"), null, recovery(1, "classes"))
                        .withDefaults());

        Distillation.Result result = (Distillation.Result) report.recovery();
        assertThat(result.outputKind()).isEqualTo("classes");
        assertThat(result.outputKindReason()).isEqualTo("outputKind 'classes' was given");
    }

    @Test
    void aGradualScheduleKeepsTheOutputKindTheJobGaveForEveryStep() throws Exception {
        Path original = PooledEncoders.write(dir.resolve("pooled.onnx"), false);
        RecoverySpec gradual = new RecoverySpec(1, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null, 2,
                null, null, "classes", null);
        PruneReport report = apply(new StructuredMethod(), original, dir.resolve("gradual.onnx"),
                new StructuredParams("structured", 0.25, null, "magnitude", gradual).withDefaults());

        assertThat(report.steps()).hasSize(2);
        assertThat(((Distillation.Result) report.recovery()).outputKind()).isEqualTo("classes");
    }

    @Test
    void classesAreRefusedForAnEncoderWhoseOutputIsTokenStates() {
        assertThatThrownBy(() -> apply(new MaskMethod(MaskMethod.Kind.MAGNITUDE), Fixtures.TINY_ENCODER,
                dir.resolve("x.onnx"), new MagnitudeParams("magnitude", 0.3, "layer", List.of("MatMul"), null,
                        recovery(1, "classes")).withDefaults()))
                .isInstanceOf(TechniqueException.class).hasMessageContaining("outputKind 'classes'");
    }

    @Test
    void anEmbeddingOverrideOnAModelWithoutAnAttentionMaskFailsSayingWhatIsMissing() {
        MethodRun run = new MethodRun(Fixtures.MLP_ONNX, ModelFormat.ONNX, dir.resolve("mlp.onnx"),
                new MagnitudeParams("magnitude", 0.3, "layer", null, null, recovery(1, "embedding")).withDefaults(),
                DatasetPart.whole(Fixtures.MLP_HOLDOUT), null, EvaluationSettings.defaults(), new StageRecorder());

        assertThatThrownBy(() -> new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(run))
                .isInstanceOf(TechniqueException.class).hasMessageContaining("attention_mask");
    }

    private PruneReport apply(MethodRunner method, Path input, Path output, MethodParams params) throws Exception {
        return (PruneReport) method.apply(new MethodRun(input, ModelFormat.ONNX, output, params,
                DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN), DatasetPart.evaluationSet(Fixtures.TINY_ENCODER_HOLDOUT),
                EvaluationSettings.defaults(), new StageRecorder()));
    }

    /** Mean cosine of the two models' embeddings, sentence by sentence at batch 1, on the held-out tokens. */
    private static double meanCosine(Path reference, Path model) throws Exception {
        long[] ids;
        long[] mask;
        long[] types;
        int n;
        try (NpzArchive npz = NpzArchive.open(Fixtures.TINY_ENCODER_HOLDOUT)) {
            ids = npz.readLongs("input_ids");
            mask = npz.readLongs("attention_mask");
            types = npz.readLongs("token_type_ids");
            n = npz.find("input_ids").orElseThrow().shape().get(0).intValue();
        }
        int len = ids.length / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Ort.Input[] in = {row("input_ids", ids, i, len), row("attention_mask", mask, i, len),
                    row("token_type_ids", types, i, len)};
            sum += Ort.cosine(Ort.run(reference, in).get(0), Ort.run(model, in).get(0));
        }
        return sum / n;
    }

    private static Ort.Input row(String name, long[] data, int i, int len) {
        return Ort.Input.longs(name, Arrays.copyOfRange(data, i * len, (i + 1) * len), 1, len);
    }
}
