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
 * teacher, trained on the teacher's training split, measured on the hold-out: parameters, accuracy, and latency at
 * batch 1 against the teacher (interleaved, one thread). Prints the numbers docs/distillation.md reports.
 */
@Tag("benchmark")
class DistillDigitsBenchmarkTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void a_default_student_is_ten_times_smaller_and_faster_than_its_teacher(String teacher) throws Exception {
        DistillParams defaults = new DistillParams("distill", new StudentSpec("architecture", null, null, "cnn", null, null,
                null, null), null, null, null, null, null, null, null, null, null, null, null, null, null).withDefaults();
        Path student = dir.resolve("student.onnx");
        DistillSummary summary = (DistillSummary) new DistillMethod().apply(new MethodRun(
                FIXTURES.resolve(teacher + ".onnx"), ModelFormat.ONNX, student, defaults,
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")), null, EvaluationSettings.defaults(),
                share -> { }));

        double teacherAccuracy = accuracy(FIXTURES.resolve(teacher + ".onnx"));
        double studentAccuracy = accuracy(student);
        double latency = latencyRatio(student, FIXTURES.resolve(teacher + ".onnx"));
        System.out.printf("%s: %d -> %d parameters (%.1fx), accuracy %.4f -> %.4f, student/teacher latency %.3f,"
                + " epochs %d (best %d, %s), %d ms%n", teacher, summary.teacherParameters(), summary.studentParameters(),
                summary.teacherParameters() / (double) summary.studentParameters(), teacherAccuracy, studentAccuracy,
                latency, summary.epochsRun(), summary.bestEpoch(), summary.stoppedBecause(), summary.trainingMs());
        assertThat(summary.studentParameters() * 10).isLessThanOrEqualTo(summary.teacherParameters());
        assertThat(latency).as("student/teacher latency at batch 1").isLessThan(1.0);
        assertThat(studentAccuracy).isGreaterThan(teacherAccuracy - 0.05);
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
