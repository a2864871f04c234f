package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.staticint8.StaticInt8Fixture;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digits target with the service's defaults: a generated depthwise-separable CNN student of each digits
 * teacher (ONNX and TorchScript), trained on the teacher's training split, measured on the hold-out: parameters, accuracy, and latency at
 * batch 1 against the teacher (interleaved, one thread). Prints the numbers docs/distillation.md reports.
 */
@Tag("benchmark")
class DistillDigitsBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final int SEEDS = 3;

    @TempDir
    Path dir;

    /** Three seeds, since one tenth-size student's accuracy moves by a point or more with its initial weights. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn.onnx", "digits_cnn.pt", "digits_cnn_wide.onnx"})
    void a_default_student_is_ten_times_smaller_faster_and_within_two_points_of_its_teacher(String teacher)
            throws Exception {
        // digits_cnn.pt is digits_cnn.onnx's network in TorchScript: the ONNX twin stands in for it in ONNX Runtime
        Path onnxTwin = FIXTURES.resolve(teacher.replace(".pt", ".onnx"));
        double teacherAccuracy = accuracy(onnxTwin);
        double sum = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Path student = dir.resolve("student-" + seed + ".onnx");
            DistillSummary summary = train(teacher, student, seed);
            double studentAccuracy = accuracy(student);
            double latency = latencyRatio(student, onnxTwin);
            System.out.printf("%s seed %d: %d -> %d parameters (%.1fx), accuracy %.4f -> %.4f, student/teacher latency"
                    + " %.3f, epochs %d (best %d, %s), %d ms%n", teacher, seed, summary.teacherParameters(),
                    summary.studentParameters(), summary.teacherParameters() / (double) summary.studentParameters(),
                    teacherAccuracy, studentAccuracy, latency, summary.epochsRun(), summary.bestEpoch(),
                    summary.stoppedBecause(), summary.trainingMs());
            assertThat(summary.studentParameters() * 10).isLessThanOrEqualTo(summary.teacherParameters());
            assertThat(latency).as("student/teacher latency at batch 1").isLessThan(1.0);
            sum += studentAccuracy;
        }
        System.out.printf("%s: mean student accuracy %.4f (teacher %.4f)%n", teacher, sum / SEEDS, teacherAccuracy);
        assertThat(sum / SEEDS).as("mean accuracy over the seeds").isGreaterThanOrEqualTo(teacherAccuracy - 0.02);
    }

    private static DistillSummary train(String teacher, Path student, long seed) throws Exception {
        DistillParams defaults = new DistillParams("distill", new StudentSpec("architecture", null, null, "cnn", null,
                null, null, null), null, null, null, null, null, null, null, null, null, null, null, null, seed)
                .withDefaults();
        ModelFormat format = teacher.endsWith(".pt") ? ModelFormat.TORCHSCRIPT : ModelFormat.ONNX;
        return (DistillSummary) new DistillMethod().apply(new MethodRun(FIXTURES.resolve(teacher), format, student,
                defaults, DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")), null,
                EvaluationSettings.defaults(), share -> { }));
    }

    private static double latencyRatio(Path student, Path teacher) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession s = env.createSession(student.toString(), new OrtSession.SessionOptions());
                OrtSession t = env.createSession(teacher.toString(), new OrtSession.SessionOptions());
                InputTensors one = InputTensors.of(env, holdout(t).samples().get(0))) {
            return InterleavedLatency.medianRatio(s, t, one.tensors(), 200, 2000);
        }
    }

    private static SampleSet holdout(OrtSession session) throws Exception {
        return DatasetInputs.read(DatasetPart.whole(FIXTURES.resolve("digits_cnn_holdout.npz")),
                session.getInputInfo(), Integer.MAX_VALUE, "none");
    }

    private static double accuracy(Path model) throws Exception {
        return StaticInt8Fixture.accuracy(model, StaticInt8Fixture.CNN_HOLDOUT, 1, 8, 8);
    }
}
