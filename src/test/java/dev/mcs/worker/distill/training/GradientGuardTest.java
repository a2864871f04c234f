package dev.mcs.worker.distill.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GradientGuardTest {

    private final NDManager manager = Engine.getEngine("PyTorch").newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private Parameter withGradient(float[] slope) {
        NDArray weight = manager.create(new float[slope.length]);
        weight.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(weight.mul(manager.create(slope)).sum());
        }
        return Parameter.builder().setName("w").setType(Parameter.Type.OTHER).optArray(weight).build();
    }

    @Test
    void aGradientAboveTheNormIsScaledDownToItAndOneBelowIsLeftAlone() {
        Parameter big = withGradient(new float[] {3, 4});
        Parameter small = withGradient(new float[] {0.3f, 0.4f});

        assertThat(GradientGuard.clip(List.of(big), 1.0, 1f)).isCloseTo(5.0, within(1e-5));
        assertThat(GradientGuard.clip(List.of(small), 1.0, 1f)).isCloseTo(0.5, within(1e-5));

        assertThat(big.getArray().getGradient().toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
        assertThat(small.getArray().getGradient().toFloatArray()).containsExactly(new float[] {0.3f, 0.4f}, within(1e-6f));
    }

    @Test
    void aStepWithANonFiniteGradientOrLossIsSkippedWithItsGradientsZeroed() {
        Parameter broken = withGradient(new float[] {Float.NaN, 1});
        Parameter fine = withGradient(new float[] {1, 1});

        assertThat(GradientGuard.clip(List.of(broken), 1.0, 1f)).isNaN();
        assertThat(GradientGuard.clip(List.of(fine), Double.POSITIVE_INFINITY, 1f)).isNaN();

        assertThat(broken.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
        assertThat(fine.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
    }
}
