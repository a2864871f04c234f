package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.training.SoftTargetLoss;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad batch is skipped; only a run of them is divergence. */
class StudentTrainerTest {

    private static final int SAMPLES = 200;
    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    @Test
    void a_batch_whose_loss_is_not_finite_is_skipped_and_training_goes_on() throws Exception {
        float[][] teacher = targets(new Random(7));
        Arrays.fill(teacher[0], Float.NaN); // sample 0 is in the training part, so one step per epoch sees NaN

        TrainingOutcome outcome = train(teacher);

        assertThat(outcome.stoppedBecause()).isEqualTo("epochs");
        assertThat(outcome.curve()).hasSize(3).allSatisfy(epoch -> {
            assertThat(epoch.trainLoss()).isFinite();
            assertThat(epoch.validationLoss()).isFinite();
        });
        assertThat(Files.size(dir.resolve("best.onnx"))).isPositive();
    }

    @Test
    void training_where_every_step_is_not_finite_counts_as_diverged() throws Exception {
        float[][] teacher = targets(new Random(7));
        for (int i = 0; i < SAMPLES; i++) {
            if (i % TrainingSet.VALIDATION_EVERY != TrainingSet.VALIDATION_EVERY - 1) {
                Arrays.fill(teacher[i], Float.NaN);
            }
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> train(teacher))
                .isInstanceOf(StudentTrainer.Diverged.class);
    }

    private TrainingOutcome train(float[][] teacher) throws Exception {
        OrtRuntime.environment(); // the worker's engine order: ONNX Runtime first
        OnnxMl.ModelProto student = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        List<Sample> samples = DatasetInputs.read(DatasetPart.whole(Fixtures.MLP_HOLDOUT),
                ModelInput.fed(student.getGraph()), SAMPLES, "no samples").samples();
        TrainingSet data = new TrainingSet(samples, new TeacherPass.TeacherTargets("logits", teacher, 0), null);
        TrainingPlan plan = new TrainingPlan(3, 8, 1e-3f, 0f, 0.05, 5, Duration.ofMinutes(5), 0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                TrainableOnnxModel model = TrainableOnnxModel.load(student, manager)) {
            return new StudentTrainer(plan, new SoftTargetLoss(2.0, 1.0), report -> { })
                    .train(new OnnxStudent(model), data, dir.resolve("best.onnx"));
        }
    }

    private static float[][] targets(Random random) {
        float[][] out = new float[SAMPLES][CLASSES];
        for (float[] row : out) {
            for (int c = 0; c < CLASSES; c++) {
                row[c] = (float) random.nextGaussian();
            }
        }
        return out;
    }
}
