package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.train.onnx.OutputParity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OneDnnCheck} on TorchScript modules: whatever it decides, the module then computes a batch the way it computes
 * each sample alone (one sample runs libtorch's own kernel, a batch runs oneDNN when it is on), and the switch is
 * on exactly when the check said so. conv_channels_24_9.pt hits the channel counts at which oneDNN was wrong on this
 * project's CPU; the digits nets are what recovery trains.
 */
class OneDnnCheckTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final int BATCH = 32;

    private static TrainingSet digits;

    @BeforeAll
    static void teacherOutputs() throws Exception {
        digits = TorchScriptTeacher.run(FIXTURES.resolve("digits_cnn.pt"),
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"conv_channels_24_9.pt", "digits_cnn.pt", "digits_mobilenet.pt", "digits_resnet.pt"})
    void after_the_check_a_batch_gives_each_sample_the_output_it_gets_alone(String fixture) throws Exception {
        try (TorchScriptStudent module = TorchScriptStudent.load(FIXTURES.resolve(fixture), true)) {
            boolean onOneDnn = OneDnnCheck.verify(module, digits, BATCH);
            System.out.printf("%s: trains on oneDNN: %s%n", fixture, onOneDnn);

            assertThat(TorchRuntime.oneDnnConvolution()).isEqualTo(onOneDnn);
            assertThat(batchAgainstSamples(module)).isLessThan(1e-4);
        }
        assertThat(TorchRuntime.oneDnnConvolution()).as("no scope open").isTrue();
    }

    @Test
    void a_module_on_which_onednn_is_wrong_at_a_batch_is_not_verified() throws Exception {
        try (TorchScriptStudent module = TorchScriptStudent.load(FIXTURES.resolve("conv_channels_24_9.pt"), true)) {
            Double oneDnnBatch = module.withOneDnn(() -> batchAgainstSamples(module));
            boolean verified = OneDnnCheck.verify(module, digits, BATCH);

            assertThat(oneDnnBatch).isNotNull();
            assertThat(verified).as("oneDNN's batch is %s off its samples", oneDnnBatch)
                    .isEqualTo(oneDnnBatch < 1e-4);
        }
    }

    @Test
    void a_second_open_module_keeps_the_check_from_running_and_onednn_off() throws Exception {
        try (TorchScriptStudent first = TorchScriptStudent.load(FIXTURES.resolve("digits_cnn.pt"), true);
                TorchScriptStudent second = TorchScriptStudent.load(FIXTURES.resolve("digits_cnn.pt"), false)) {
            assertThat(first.withOneDnn(() -> "ran")).isNull();
            assertThat(OneDnnCheck.verify(first, digits, BATCH)).isFalse();
            assertThat(TorchRuntime.oneDnnConvolution()).isFalse();
        }
    }

    /** The largest relative difference between a batch's outputs and its samples' outputs computed one at a time. */
    private static double batchAgainstSamples(TorchScriptStudent module) {
        try (NDManager scope = module.newScope()) {
            NDArray x = digits.batch(scope, digits.training().subList(0, BATCH)).feed().values().iterator().next();
            NDArray batch = module.forward(scope, Map.of("x", x), false);
            double worst = 0;
            for (int i = 0; i < BATCH; i++) {
                NDIndex one = new NDIndex("{}:{}", i, i + 1);
                NDArray alone = module.forward(scope, Map.of("x", x.get(one)), false);
                worst = Math.max(worst, OutputParity.of("y", OneDnnCheck.doubles(batch.get(one)),
                        OneDnnCheck.doubles(alone)).relative());
            }
            return worst;
        }
    }
}
