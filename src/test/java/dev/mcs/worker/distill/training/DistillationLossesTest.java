package dev.mcs.worker.distill.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DistillationLossesTest {

    private final NDManager manager = Engine.getEngine("PyTorch").newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void a_student_that_matches_the_teacher_has_no_soft_target_loss() {
        NDArray logits = manager.create(new float[] {1, 2, 3, -1, 0, 4}, new Shape(2, 3));

        float loss = new SoftTargetLoss(2, 1).evaluate(logits, logits.duplicate(), null).getFloat();

        assertThat(loss).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void the_soft_target_loss_is_the_kl_divergence_of_the_softened_distributions_times_t_squared() {
        NDArray student = manager.create(new float[] {0, 0}, new Shape(1, 2));
        NDArray teacher = manager.create(new float[] {(float) Math.log(3), 0}, new Shape(1, 2));
        // T = 1: teacher (3/4, 1/4), student (1/2, 1/2); KL = 3/4 ln(3/2) + 1/4 ln(1/2)
        double kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);

        float atOne = new SoftTargetLoss(1, 1).evaluate(student, teacher, null).getFloat();

        assertThat((double) atOne).isCloseTo(kl, within(1e-6));
    }

    @Test
    void labels_blend_in_cross_entropy_by_one_minus_alpha() {
        NDArray student = manager.create(new float[] {0, 0}, new Shape(1, 2));
        NDArray labels = manager.create(new long[] {1});

        float labelsOnly = new SoftTargetLoss(1, 0).evaluate(student, student.duplicate(), labels).getFloat();

        assertThat((double) labelsOnly).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void pooling_ignores_padding_positions_and_cosine_loss_is_zero_for_the_same_direction() {
        // two tokens and one padding position whose value would change the mean if it counted
        NDArray hidden = manager.create(new float[] {1, 0, 3, 0, 100, 100}, new Shape(1, 3, 2));
        NDArray mask = manager.create(new long[] {1, 1, 0}, new Shape(1, 3));
        NDArray teacher = manager.create(new float[] {4, 0}, new Shape(1, 2));

        assertThat(PooledEmbeddingLoss.pool(hidden, mask).toFloatArray()).containsExactly(2f, 0f);
        assertThat(new PooledEmbeddingLoss("cosine").evaluate(hidden, teacher, mask).getFloat())
                .isCloseTo(0f, within(1e-6f));
        assertThat(new PooledEmbeddingLoss("mse").evaluate(hidden, teacher, mask).getFloat()).isCloseTo(2f,
                within(1e-6f));
    }

    @Test
    void the_learning_rate_rises_linearly_then_decays_towards_one_percent_of_the_peak() {
        Tracker schedule = LearningRates.warmupThenCosine(1e-3f, 10, 110);

        assertThat(schedule.getNewValue(0)).isCloseTo(0f, within(1e-6f));
        assertThat(schedule.getNewValue(5)).isCloseTo(5e-4f, within(1e-5f));
        assertThat(schedule.getNewValue(10)).isCloseTo(1e-3f, within(1e-5f));
        assertThat(schedule.getNewValue(60)).isCloseTo(5.05e-4f, within(2e-5f));
        assertThat(schedule.getNewValue(110)).isCloseTo(1e-5f, within(1e-6f));
    }
}
