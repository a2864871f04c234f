package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.student.GeneratedStudents;
import dev.mcs.worker.distill.student.StudentDesign;
import dev.mcs.worker.distill.student.TeacherShape;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillMethodTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    private static DistillParams cnnStudent(int epochs, long seed) {
        return new DistillParams("distill", new StudentSpec("architecture", null, null, "cnn", null, null, null, null), null,
                null, null, null, null, epochs, null, null, null, null, null, Duration.ofMinutes(5), seed).withDefaults();
    }

    private final StageRecorder progress = new StageRecorder();

    private MethodRun run(DistillParams params, String output) {
        return new MethodRun(FIXTURES.resolve("digits_cnn.onnx"), ModelFormat.ONNX, dir.resolve(output), params,
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")),
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_holdout.npz")), EvaluationSettings.defaults(),
                progress);
    }

    @Test
    void a_generated_cnn_student_learns_the_teachers_classes_with_a_tenth_of_its_parameters() throws Exception {
        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run(cnnStudent(40, 0), "student.onnx"));

        assertThat(summary.studentParameters()).isLessThanOrEqualTo(summary.teacherParameters() / 10);
        assertThat(summary.curve()).hasSize(summary.epochsRun());
        assertThat(progress.stages()).hasSize(summary.epochsRun()).first().asString()
                .startsWith("epoch 1/40: train loss ").contains("validation loss", "agreement", "samples/s");
        assertThat(summary.curve().get(summary.bestEpoch() - 1).validationLoss())
                .isLessThan(summary.curve().get(0).validationLoss());
        double studentAccuracy = accuracy(dir.resolve("student.onnx"));
        double teacherAccuracy = accuracy(FIXTURES.resolve("digits_cnn.onnx"));
        System.out.printf("teacher %.4f, student %.4f (%d vs %d parameters, best epoch %d of %d, %d ms)%n",
                teacherAccuracy, studentAccuracy, summary.teacherParameters(), summary.studentParameters(),
                summary.bestEpoch(), summary.epochsRun(), summary.trainingMs());
        // measured 0.950 (teacher 0.992); the benchmark runs the default 100 epochs
        assertThat(studentAccuracy).isGreaterThan(0.90);
    }

    /**
     * The collector runs all the time meanwhile: an array autograd keeps on a freed Java buffer made every such run
     * differ from the first epoch on (DJL's scalar arithmetic, see OwnedScalars).
     */
    @Test
    void the_same_seed_gives_the_same_student_file_while_the_garbage_collector_runs() throws Exception {
        Thread collector = new Thread(DistillMethodTest::collectGarbageUntilInterrupted, "gc-pressure");
        collector.setDaemon(true);
        collector.start();
        try {
            new DistillMethod().apply(run(cnnStudent(3, 5), "a.onnx"));
            new DistillMethod().apply(run(cnnStudent(3, 5), "b.onnx"));
        } finally {
            collector.interrupt();
        }

        assertThat(Files.readAllBytes(dir.resolve("a.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("b.onnx")));
    }

    private static void collectGarbageUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            System.gc();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void a_torchscript_teacher_gets_an_onnx_student_that_learns_its_classes() throws Exception {
        MethodRun torchScript = new MethodRun(FIXTURES.resolve("digits_cnn.pt"), ModelFormat.TORCHSCRIPT,
                dir.resolve("from-pt.onnx"), cnnStudent(15, 0), DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")),
                null, EvaluationSettings.defaults(), share -> { });

        DistillSummary summary = (DistillSummary) new DistillMethod().apply(torchScript);

        assertThat(summary.teacherParameters()).isEqualTo(9802); // the same network as digits_cnn.onnx
        assertThat(summary.studentParameters()).isLessThanOrEqualTo(summary.teacherParameters() / 10);
        assertThat(accuracy(dir.resolve("from-pt.onnx"))).isGreaterThan(0.85);
    }

    @Test
    void a_generated_mlp_student_learns_the_mlp_teachers_classes() throws Exception {
        DistillParams mlp = new DistillParams("distill", new StudentSpec("architecture", null, null, "mlp", null, null, null,
                null), null, null, null, null, null, 20, null, null, null, null, null, null, 0L).withDefaults();
        MethodRun run = new MethodRun(FIXTURES.resolve("digits_mlp.onnx"), ModelFormat.ONNX, dir.resolve("mlp.onnx"),
                mlp, DatasetPart.whole(FIXTURES.resolve("digits_mlp_train.npz")), null, EvaluationSettings.defaults(),
                share -> { });

        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run);

        assertThat(summary.architecture()).isEqualTo("mlp");
        assertThat(summary.studentParameters()).isLessThanOrEqualTo(summary.teacherParameters() / 10);
        assertThat(summary.bestValidationAgreement()).isGreaterThan(0.8);
    }

    @Test
    void an_uploaded_onnx_student_is_trained_as_it_is() throws Exception {
        Path uploaded = uploadedStudent(10, "uploaded.onnx");
        MethodRun run = new MethodRun(FIXTURES.resolve("digits_cnn.onnx"), ModelFormat.ONNX, dir.resolve("out.onnx"),
                modelStudent(), DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")), null,
                EvaluationSettings.defaults(), share -> { }, Map.of(DistillParams.STUDENT_MODEL, uploaded));

        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run);

        assertThat(summary.studentKind()).isEqualTo("model");
        assertThat(summary.architecture()).isNull();
        assertThat(accuracy(dir.resolve("out.onnx"))).isGreaterThan(0.85);
    }

    @Test
    void an_uploaded_student_whose_output_does_not_match_the_teachers_is_refused_before_training() throws Exception {
        Path fiveClasses = uploadedStudent(5, "five.onnx");
        MethodRun run = new MethodRun(FIXTURES.resolve("digits_cnn.onnx"), ModelFormat.ONNX, dir.resolve("out.onnx"),
                modelStudent(), DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")), null,
                EvaluationSettings.defaults(), share -> { }, Map.of(DistillParams.STUDENT_MODEL, fiveClasses));

        assertThatThrownBy(() -> new DistillMethod().apply(run)).isInstanceOfSatisfying(TechniqueException.class,
                e -> assertThat(e.getMessage()).contains("5 values per sample", "the teacher's 10"));
        assertThat(dir.resolve("out.onnx")).doesNotExist();
    }

    private static DistillParams modelStudent() {
        return new DistillParams("distill", new StudentSpec("model", null, null, null, null, null, null, UUID.randomUUID()),
                null, null, null, null, null, 15, null, 1e-2, null, null, null, null, 0L).withDefaults();
    }

    /** A user's own student: here a small CNN built by the generator and saved as a file, as a user would upload. */
    private Path uploadedStudent(int classes, String name) throws Exception {
        TeacherShape shape = new TeacherShape("input", new long[] {1, 8, 8}, "scores", classes, 10_000);
        Path file = dir.resolve(name);
        Files.write(file, GeneratedStudents.write(new StudentDesign("cnn", List.of(16, 32), false, 3), shape)
                .toByteArray());
        return file;
    }

    /** Top-1 accuracy on the held-out digits, in ONNX Runtime. */
    private static double accuracy(Path model) throws Exception {
        return StaticInt8Fixture.accuracy(model, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
    }
}
