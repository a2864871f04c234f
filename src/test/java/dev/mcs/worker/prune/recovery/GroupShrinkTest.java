package dev.mcs.worker.prune.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.prune.structured.UnitGroups;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proximal step of the group lasso on a hand-made group: a producer's rows, its bias, a reader's columns. */
class GroupShrinkTest {

    /**
     * Three units; unit u holds row u of the producer [3, 2], bias entry u, and column u of the reader [2, 3]: five
     * entries each, so the threshold is t sqrt(5).
     */
    private static final UnitGroups.Group GROUP = new UnitGroups.Group("ffn", "producer", 3, List.of(
            new UnitGroups.Slice("w", 0, 1), new UnitGroups.Slice("b", 0, 1), new UnitGroups.Slice("r", 1, 1)));

    @Test
    void a_unit_whose_norm_is_below_the_threshold_lands_on_exactly_zero_and_the_others_shrink_by_the_group_factor() {
        float[] w = {0.01f, -0.02f, 3f, 0f, 1f, 2f};
        float[] b = {0.01f, 4f, 0f};
        float[] r = {0.02f, 0f, 2f, -0.01f, 0f, 0f};
        double learningRate = 0.1;
        double strength = 0.5;
        double t = learningRate * strength * Math.sqrt(5);
        double[] norms = {Math.sqrt(1e-4 + 4e-4 + 1e-4 + 4e-4 + 1e-4), 5, Math.sqrt(1 + 4 + 4)};
        assertThat(norms[0]).as("the fixture: unit 0 lies under the threshold").isLessThan(t);

        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            List<Parameter> parameters = List.of(parameter(manager, "w", w, new Shape(3, 2)),
                    parameter(manager, "b", b, new Shape(3)), parameter(manager, "r", r, new Shape(2, 3)),
                    parameter(manager, "other", new float[] {0.001f}, new Shape(1)));
            GroupShrink shrink = new GroupShrink(List.of(GROUP), learningRate, strength);

            shrink.apply(parameters);

            float[] w2 = parameters.get(0).getArray().toFloatArray();
            float[] b2 = parameters.get(1).getArray().toFloatArray();
            float[] r2 = parameters.get(2).getArray().toFloatArray();
            assertThat(List.of(w2[0], w2[1], b2[0], r2[0], r2[3])).as("-0.0 included: zero in IEEE terms")
                    .allSatisfy(v -> assertThat(v == 0f).isTrue());
            double f1 = 1 - t / norms[1];
            double f2 = 1 - t / norms[2];
            assertThat(w2[2]).isCloseTo((float) (3 * f1), within(1e-5f));
            assertThat(b2[1]).isCloseTo((float) (4 * f1), within(1e-5f));
            assertThat(w2[4]).isCloseTo((float) (1 * f2), within(1e-5f));
            assertThat(w2[5]).isCloseTo((float) (2 * f2), within(1e-5f));
            assertThat(r2[2]).isCloseTo((float) (2 * f2), within(1e-5f));
            assertThat(parameters.get(3).getArray().getFloat(0)).as("outside every group: untouched").isEqualTo(0.001f);
            assertThat(shrink.zeros(parameters)).isEqualTo(1);
        }
    }

    @Test
    void a_unit_already_at_zero_stays_at_zero_without_dividing_by_its_zero_norm() {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            List<Parameter> parameters = List.of(parameter(manager, "w", new float[] {0, 0, 1, 1, 1, 1},
                    new Shape(3, 2)), parameter(manager, "b", new float[3], new Shape(3)),
                    parameter(manager, "r", new float[6], new Shape(2, 3)));

            new GroupShrink(List.of(GROUP), 1e-3, 1e-3).apply(parameters);

            float[] w = parameters.get(0).getArray().toFloatArray();
            assertThat(w[0]).isZero();
            assertThat(w[1]).isZero();
            assertThat(w[2]).isGreaterThan(0.99f).isLessThan(1f);
        }
    }

    private static Parameter parameter(NDManager manager, String name, float[] values, Shape shape) {
        NDArray array = manager.create(values, shape);
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape).optArray(array).build();
    }
}
