package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PooledEncoders;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.distill.layers.LayerCut;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DISTILL from a teacher that pools and normalizes inside its graph ({@code [batch, hidden]} output): an uploaded
 * ONNX student and a {@code layers} student both train on the embedding's cosine, not on soft targets.
 */
class PooledTeacherDistillationTest {

    @TempDir
    Path dir;

    private static DistillParams params(StudentSpec student, String loss, String outputKind) {
        return new DistillParams("distill", student, null, null, loss, null, null, 6, 16, 3e-3, null, null, null,
                Duration.ofMinutes(2), 0L, outputKind).withDefaults();
    }

    private static StudentSpec uploaded() {
        return new StudentSpec("model", null, null, null, null, null, null, UUID.randomUUID());
    }

    private MethodRun run(Path teacher, DistillParams params, Path student, ModelFormat studentFormat) {
        return new MethodRun(teacher, ModelFormat.ONNX, dir.resolve("out.onnx"), params,
                DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN), DatasetPart.evaluationSet(Fixtures.TINY_ENCODER_HOLDOUT),
                EvaluationSettings.defaults(), share -> { },
                student == null ? Map.of() : Map.of(DistillParams.STUDENT_MODEL, student),
                student == null ? Map.of() : Map.of(DistillParams.STUDENT_MODEL, studentFormat));
    }

    /** The teacher's layers 0 and 2 with the pooling after them: a student of the user's own design. */
    private Path halfStudent(Path teacher) throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(teacher));
        OnnxMl.ModelProto cut = LayerCut.keep(model, EncoderLayers.find(model.getGraph()), List.of(0, 2));
        Path file = dir.resolve("student.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            cut.writeTo(out);
        }
        return file;
    }

    @Test
    void anUploadedStudentOfAPooledTeacherLearnsTheEmbeddingOnItsCosine() throws Exception {
        Path teacher = PooledEncoders.write(dir.resolve("teacher.onnx"), true);
        Path student = halfStudent(teacher);

        var summary = (EncoderFitStudent.Summary) new DistillMethod().apply(run(teacher, params(uploaded(), null, null),
                student, ModelFormat.ONNX));

        System.out.printf("pooled teacher, uploaded half student: held-out cosine %.4f -> %.4f, %d epochs%n",
                summary.pooledCosineBefore(), summary.pooledCosineAfter(), summary.epochsRun());
        assertThat(summary.outputKind()).isEqualTo("embedding");
        assertThat(summary.outputKindReason()).contains("pooled inside the graph");
        assertThat(summary.loss()).isEqualTo("cosine");
        assertThat(summary.pooledCosineAfter()).isGreaterThan(summary.pooledCosineBefore());
        assertThat(1 - summary.pooledCosineAfter()).isLessThan((1 - summary.pooledCosineBefore()) * 0.5);
        assertThat(summary.studentParameters()).isLessThan(summary.teacherParameters());
    }

    @Test
    void anMseLossTrainsTheSameStudentToo() throws Exception {
        Path teacher = PooledEncoders.write(dir.resolve("teacher.onnx"), false);

        var summary = (EncoderFitStudent.Summary) new DistillMethod().apply(run(teacher, params(uploaded(), "mse", null),
                halfStudent(teacher), ModelFormat.ONNX));

        assertThat(summary.loss()).isEqualTo("mse");
        assertThat(summary.pooledCosineAfter()).isGreaterThan(summary.pooledCosineBefore());
    }

    @Test
    void aLayersStudentOfAPooledTeacherKeepsThePoolingAndTrainsOnTheEmbedding() throws Exception {
        Path teacher = PooledEncoders.write(dir.resolve("teacher.onnx"), true);

        LayersSummary summary = (LayersSummary) new DistillMethod().apply(run(teacher,
                params(new StudentSpec("layers", List.of(0, 2), null, null, null, null, null, null), null, null),
                null, null));

        System.out.printf("pooled teacher, layers [0, 2]: held-out cosine %.4f -> %.4f%n", summary.pooledCosineBefore(),
                summary.pooledCosineAfter());
        assertThat(summary.pooledCosineAfter()).isGreaterThan(summary.pooledCosineBefore());
        OnnxMl.ModelProto out = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("out.onnx")));
        assertThat(out.getGraph().getOutput(0).getName()).isEqualTo(PooledEncoders.OUTPUT);
    }

    @Test
    void anUploadedStudentOfAClassifierStaysOnSoftTargetsAndTheMetricsSayWhy() throws Exception {
        DistillParams params = new DistillParams("distill", uploaded(), null, null, null, null, null, 1, 32, 1e-3, null,
                null, null, Duration.ofMinutes(1), 0L, null).withDefaults();
        MethodRun run = new MethodRun(Fixtures.MLP_ONNX, ModelFormat.ONNX, dir.resolve("out.onnx"), params,
                DatasetPart.whole(Fixtures.MLP_HOLDOUT), null, EvaluationSettings.defaults(), share -> { },
                Map.of(DistillParams.STUDENT_MODEL, Fixtures.MLP_ONNX));

        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run);

        assertThat(summary.outputKind()).isEqualTo("classes");
        assertThat(summary.outputKindReason()).contains("class scores");
        assertThat(summary.loss()).startsWith("soft targets");
    }

    @Test
    void aTorchScriptStudentOfAnEmbeddingTeacherIsRefusedWithTheReason() throws Exception {
        Path teacher = PooledEncoders.write(dir.resolve("teacher.onnx"), true);

        assertThatThrownBy(() -> new DistillMethod().apply(run(teacher, params(uploaded(), null, null),
                Fixtures.MLP_TORCHSCRIPT, ModelFormat.TORCHSCRIPT)))
                .isInstanceOf(TechniqueException.class).hasMessageContaining("ONNX export");
    }
}
