package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploaded TorchScript students (fixtures/generate_torchscript_student.py: a small CNN with a BatchNorm, untrained):
 * trained by the worker like ONNX students and returned as TorchScript. The output is checked the way a user would:
 * loaded by DJL for inference, independently of the worker's training code, and run on the same validation slice.
 */
class TorchScriptStudentTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path TRAIN = FIXTURES.resolve("digits_cnn_train.npz");

    @TempDir
    Path dir;

    @Test
    void a_trained_torchscript_student_loads_in_djl_and_agrees_with_what_the_worker_reported() throws Exception {
        Path output = dir.resolve("student.pt");
        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run(FIXTURES.resolve("digits_cnn.onnx"),
                ModelFormat.ONNX, "digits_student.pt", output, 15));

        assertThat(summary.studentFormat()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(summary.studentParameters()).isEqualTo(1434);
        assertThat(Files.readAllBytes(output)).startsWith('P', 'K'); // TorchScript is a zip archive
        TrainingSet data = TeacherPass.run(FIXTURES.resolve("digits_cnn.onnx"), DatasetPart.whole(TRAIN));
        double trained = agreement(output, data);
        double untrained = agreement(FIXTURES.resolve("digits_student.pt"), data);
        System.out.printf("validation agreement: untrained %.4f, trained %.4f (reported %.4f), %d epochs%n", untrained,
                trained, summary.bestValidationAgreement(), summary.epochsRun());
        assertThat(trained).isEqualTo(summary.bestValidationAgreement());
        assertThat(trained).isGreaterThan(0.8).isGreaterThan(untrained + 0.3);
    }

    @Test
    void a_torchscript_teacher_trains_a_torchscript_student() throws Exception {
        Path output = dir.resolve("from-pt.pt");
        DistillSummary summary = (DistillSummary) new DistillMethod().apply(run(FIXTURES.resolve("digits_cnn.pt"),
                ModelFormat.TORCHSCRIPT, "digits_student.pt", output, 3));

        assertThat(summary.studentFormat()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(summary.teacherParameters()).isEqualTo(9802);
        assertThat(summary.epochsRun()).isEqualTo(3);
        assertThat(output).isRegularFile();
    }

    @Test
    void a_torchscript_student_whose_output_does_not_match_the_teachers_is_refused_before_training() {
        Path output = dir.resolve("five.pt");
        MethodRun run = run(FIXTURES.resolve("digits_cnn.onnx"), ModelFormat.ONNX, "digits_student_5.pt", output, 3);

        assertThatThrownBy(() -> new DistillMethod().apply(run)).isInstanceOfSatisfying(TechniqueException.class,
                e -> assertThat(e.getMessage()).contains("5 values per sample", "the teacher's 10"));
        assertThat(output).doesNotExist();
    }

    private static MethodRun run(Path teacher, ModelFormat teacherFormat, String student, Path output, int epochs) {
        DistillParams params = new DistillParams("distill", new StudentSpec("model", null, null, null, null, null, null,
                UUID.randomUUID()), null, null, null, null, null, epochs, null, 1e-2, null, null, null, null, 0L)
                .withDefaults();
        return new MethodRun(teacher, teacherFormat, output, params, DatasetPart.whole(TRAIN), null,
                EvaluationSettings.defaults(), share -> { }, Map.of(DistillParams.STUDENT_MODEL,
                FIXTURES.resolve(student)), Map.of(DistillParams.STUDENT_MODEL, ModelFormat.TORCHSCRIPT));
    }

    /** Top-1 agreement with the teacher on the validation slice, the module loaded by DJL for inference. */
    private static double agreement(Path module, TrainingSet data) throws Exception {
        try (Model model = Model.newInstance("check", Device.cpu(), "PyTorch")) {
            model.load(module.getParent(), module.getFileName().toString());
            try (NDManager scope = model.getNDManager().newSubManager()) {
                TrainingSet.Batch batch = data.batch(scope, data.validation());
                NDArray out = model.getBlock().forward(new ParameterStore(scope, false),
                        new NDList(batch.feed().values().iterator().next()), false).head();
                return out.argMax(-1).eq(batch.teacher().argMax(-1)).sum().getLong() / (double) batch.size();
            }
        }
    }
}
