package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.train.onnx.OutputParity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A TorchScript module whose Convs hit the channel counts at which libtorch's oneDNN Conv path was wrong on this
 * project's CPU (fixtures/generate_conv_channels.py: Conv 1→24, Relu, Conv 24→9). libtorch takes oneDNN for a batch
 * and its own kernel for one small sample, so a batch is checked against its samples run one at a time. With oneDNN on,
 * the batch's output was 30-60 % off (Infinity now and then) and the first Conv's gradient 70-100 % off.
 */
class TorchScriptConvChannelsTest {

    private static final Path MODULE = Path.of("src/test/resources/fixtures/conv_channels_24_9.pt");
    private static final int BATCH = 32;

    @Test
    void libtorchs_onednn_conv_path_is_off_while_a_torchscript_module_is_open_and_on_again_after() throws Exception {
        try (TorchScriptStudent module = TorchScriptStudent.load(MODULE, false)) {
            try (TorchScriptStudent second = TorchScriptStudent.load(MODULE, false)) {
                assertThat(TorchRuntime.oneDnnConvolution()).isFalse();
            }
            assertThat(TorchRuntime.oneDnnConvolution()).as("one module still open").isFalse();
        }
        assertThat(TorchRuntime.oneDnnConvolution()).as("for the ONNX executor, which pads its Convs").isTrue();
    }

    @Test
    void a_batch_of_32_gives_each_sample_the_output_it_gets_alone() throws Exception {
        try (TorchScriptStudent module = TorchScriptStudent.load(MODULE, false); NDManager scope = module.newScope()) {
            NDArray x = scope.randomUniform(0, 1, new Shape(BATCH, 1, 8, 8));
            NDArray batch = module.forward(scope, Map.of("x", x), false);
            for (int i = 0; i < BATCH; i++) {
                NDArray alone = module.forward(scope, Map.of("x", x.get(new NDIndex("{}:{}", i, i + 1))), false);
                assertThat(relative(batch.get(new NDIndex("{}:{}", i, i + 1)), alone)).as("sample %d", i)
                        .isLessThan(1e-5);
            }
        }
    }

    @Test
    void the_first_convs_gradient_over_a_batch_is_the_sum_of_its_samples_gradients() throws Exception {
        try (TorchScriptStudent module = TorchScriptStudent.load(MODULE, true); NDManager scope = module.newScope()) {
            NDArray first = module.parameters().stream().map(Parameter::getArray)
                    .filter(w -> w.getShape().equals(new Shape(24, 1, 3, 3))).findFirst().orElseThrow();
            NDArray x = scope.randomUniform(0, 1, new Shape(BATCH, 1, 8, 8));
            NDArray r = scope.randomNormal(new Shape(BATCH, 9, 8, 8));
            NDArray overBatch = gradient(module, scope, first, x, r);
            NDArray summed = scope.zeros(first.getShape());
            for (int i = 0; i < BATCH; i++) {
                NDIndex one = new NDIndex("{}:{}", i, i + 1);
                summed.addi(gradient(module, scope, first, x.get(one), r.get(one)));
            }
            assertThat(relative(overBatch, summed)).isLessThan(1e-4);
        }
    }

    /** The gradient of Σ y·r for {@code weight}, zeroed again afterwards. */
    private static NDArray gradient(TorchScriptStudent module, NDManager scope, NDArray weight, NDArray x, NDArray r) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(module.forward(scope, Map.of("x", x), true).mul(r).sum());
        }
        NDArray gradient = weight.getGradient().duplicate();
        gradient.attach(scope);
        module.parameters().forEach(p -> p.getArray().getGradient().set(new NDIndex("..."), 0f));
        return gradient;
    }

    /** The training executor's parity measure: largest difference over largest magnitude, NaN counted infinite. */
    private static double relative(NDArray actual, NDArray expected) {
        return OutputParity.of("y", OneDnnCheck.doubles(actual), OneDnnCheck.doubles(expected)).relative();
    }
}
