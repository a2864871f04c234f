package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layers} students of the tiny committed encoder (fixtures/generate_tiny_encoder.py), trained in the worker. */
class LayersDistillationTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    private final StageRecorder progress = new StageRecorder();

    static DistillParams layers(List<Integer> keep, Integer count, Boolean match, int epochs) {
        return new DistillParams("distill", new StudentSpec("layers", keep, count, null, null, null, null, null), null,
                null, null, match, null, epochs, 16, 3e-3, null, null, null, Duration.ofMinutes(2), 0L).withDefaults();
    }

    private MethodRun run(DistillParams params) {
        return new MethodRun(FIXTURES.resolve("tiny_encoder.onnx"), ModelFormat.ONNX, dir.resolve("student.onnx"),
                params, DatasetPart.whole(FIXTURES.resolve("tiny_encoder_train.npz")),
                DatasetPart.evaluationSet(FIXTURES.resolve("tiny_encoder_holdout.npz")), EvaluationSettings.defaults(),
                progress);
    }

    @Test
    void aStudentKeepingTwoOfFourLayersGetsCloserToTheTeacherOnHeldOutSentences() throws Exception {
        LayersSummary summary = (LayersSummary) new DistillMethod().apply(run(layers(List.of(0, 2), null, true, 8)));

        System.out.printf("tiny encoder keep [0, 2]: held-out pooled cosine %.4f -> %.4f, %d epochs (%s)%n",
                summary.pooledCosineBefore(), summary.pooledCosineAfter(), summary.epochsRun(), summary.stoppedBecause());
        assertThat(summary.pooledCosineAfter()).isGreaterThan(summary.pooledCosineBefore());
        assertThat(1 - summary.pooledCosineAfter()).isLessThan((1 - summary.pooledCosineBefore()) * 0.8);
        assertThat(summary.matchedTeacherLayers()).containsExactly(0, 3);
        assertThat(summary.frozen()).isNotEmpty();
        assertThat(summary.heldOutSource()).isEqualTo("evaluation-dataset");
        assertThat(summary.curve()).hasSize(summary.epochsRun()).allSatisfy(e -> assertThat(e.residentMb()).isPositive());
        assertThat(progress.stages()).anyMatch(s -> s.startsWith("epoch 1/8: train loss ") && s.contains("pooled cosine"));
        assertThat(EncoderLayers.find(OnnxModelFile.read(dir.resolve("student.onnx")).proto().getGraph()).count())
                .isEqualTo(2);
        assertThat(summary.studentParameters()).isLessThan(summary.teacherParameters());
    }

    @Test
    void withALayerCountTheLayersAreChosenByMeasuringEverySubset() throws Exception {
        LayersSummary summary = (LayersSummary) new DistillMethod().apply(run(layers(null, 2, false, 1)));

        assertThat(summary.chosenBy()).isEqualTo("measurement");
        assertThat(summary.selection()).hasSize(6);
        double best = summary.selection().stream().mapToDouble(LayerChoice.SubsetScore::pooledCosine).max().orElseThrow();
        assertThat(summary.selection()).filteredOn(s -> s.keep().equals(summary.keep()))
                .singleElement().satisfies(s -> assertThat(s.pooledCosine()).isEqualTo(best));
        assertThat(summary.pooledCosineBefore()).isBetween(best - 0.2, 1.0);
        assertThat(summary.matchedTeacherLayers()).isEmpty();
    }

    @Test
    void keepingALayerTheTeacherDoesNotHaveFailsBeforeAnyTraining() {
        assertThatThrownBy(() -> new DistillMethod().apply(run(layers(List.of(0, 5), null, null, 1))))
                .isInstanceOfSatisfying(TechniqueException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(DistillMethod.FAILED);
                    assertThat(e.getMessage()).contains("layer 5", "4 layers");
                });
        assertThat(progress.stages()).isEmpty();
        assertThat(Files.exists(dir.resolve("student.onnx"))).isFalse();
    }

    @Test
    void askingForMoreLayersThanTheTeacherHasFailsBeforeAnyTraining() {
        assertThatThrownBy(() -> new DistillMethod().apply(run(layers(null, 6, null, 1))))
                .isInstanceOfSatisfying(TechniqueException.class, e -> assertThat(e.getMessage())
                        .contains("asks for 6 layers", "has 4"));
        assertThat(Files.exists(dir.resolve("student.onnx"))).isFalse();
    }
}
