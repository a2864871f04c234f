package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.training.GradientGuard;
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

/**
 * One bad batch is skipped; only a run of them is divergence. A finite loss with a non-finite gradient (a kernel's
 * transient fault) is computed again before its step is given up.
 */
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

    @Test
    void a_gradient_that_is_not_finite_once_under_a_finite_loss_is_computed_again_and_no_step_is_lost() throws Exception {
        float[][] teacher = targets(new Random(7));
        StepCounting clean = new StepCounting(forward -> false);
        StepCounting faulty = new StepCounting(forward -> forward % 3 == 0);

        train(teacher, clean);
        TrainingOutcome outcome = train(teacher, faulty);

        assertThat(faulty.faults).as("faults injected").isGreaterThan(10);
        assertThat(faulty.steps).as("every batch stepped").isEqualTo(clean.steps);
        assertThat(outcome.curve()).allSatisfy(epoch -> assertThat(epoch.trainLoss()).isFinite());
    }

    @Test
    void a_burst_of_more_than_ten_skipped_steps_leaves_the_weights_as_they_were_and_training_goes_on() throws Exception {
        float[][] teacher = targets(new Random(7));
        StepCounting clean = new StepCounting(forward -> false);
        // 12 batches in a row fail in every attempt: forwards 10 to 45 (3 attempts each).
        StepCounting burst = new StepCounting(forward -> forward >= 10 && forward < 10 + 12 * GradientGuard.ATTEMPTS);

        train(teacher, clean);
        TrainingOutcome outcome = train(teacher, burst);

        assertThat(outcome.stoppedBecause()).isEqualTo("epochs");
        assertThat(burst.steps).isEqualTo(clean.steps - 12);
        assertThat(outcome.curve()).hasSize(3).allSatisfy(epoch -> assertThat(epoch.validationLoss()).isFinite());
    }

    /**
     * Counts optimizer steps; a training forward pass whose number the predicate picks adds sqrt(w - w), which is
     * zero, to the output: the loss stays as it is and the gradient of w becomes NaN.
     */
    private static final class StepCounting implements java.util.function.UnaryOperator<TrainableStudent> {
        private final java.util.function.IntPredicate faulty;
        private int forwards;
        private int faults;
        private int steps;

        StepCounting(java.util.function.IntPredicate faulty) {
            this.faulty = faulty;
        }

        @Override
        public TrainableStudent apply(TrainableStudent inner) {
            return new TrainableStudent() {
                @Override
                public ai.djl.ndarray.NDArray forward(NDManager scope,
                        java.util.Map<String, ai.djl.ndarray.NDArray> feed, boolean training) {
                    ai.djl.ndarray.NDArray out = inner.forward(scope, feed, training);
                    if (training && faulty.test(forwards++)) {
                        faults++;
                        ai.djl.ndarray.NDArray w = inner.parameters().iterator().next().getArray();
                        return out.add(w.sub(w).sqrt().sum());
                    }
                    return out;
                }

                @Override
                public java.util.Collection<ai.djl.nn.Parameter> parameters() {
                    return inner.parameters();
                }

                @Override
                public void step(ai.djl.training.optimizer.Optimizer optimizer) {
                    steps++;
                    inner.step(optimizer);
                }

                @Override
                public void save(Path output) throws java.io.IOException {
                    inner.save(output);
                }
            };
        }
    }

    private TrainingOutcome train(float[][] teacher) throws Exception {
        return train(teacher, java.util.function.UnaryOperator.identity());
    }

    private TrainingOutcome train(float[][] teacher, java.util.function.UnaryOperator<TrainableStudent> wrap)
            throws Exception {
        OrtRuntime.environment(); // the worker's engine order: ONNX Runtime first
        OnnxMl.ModelProto student = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        List<Sample> samples = DatasetInputs.read(DatasetPart.whole(Fixtures.MLP_HOLDOUT),
                ModelInput.fed(student.getGraph()), SAMPLES, "no samples").samples();
        TrainingSet data = new TrainingSet(samples, new TeacherPass.TeacherTargets("logits", teacher, 0), null);
        TrainingPlan plan = new TrainingPlan(3, 8, 1e-3f, 0f, 0.05, 5, Duration.ofMinutes(5), 0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                TrainableOnnxModel model = TrainableOnnxModel.load(student, manager)) {
            return new StudentTrainer(plan, new SoftTargetLoss(2.0, 1.0), report -> { })
                    .train(wrap.apply(new OnnxStudent(model)), data, dir.resolve("best.onnx"));
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
