package dev.mcs.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.evaluate.TestModels;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticInputsTest {

    @TempDir
    Path dir;

    @Test
    void token_inputs_get_ids_below_100_masks_of_one_and_type_ids_of_zero() throws Exception {
        Sample sample = SyntheticInputs.sample(inputsOf(TestModels.tokenInputs(dir.resolve("t.onnx"))), new Random(1));

        assertThat(sample.inputs().get("input_ids").shape()).containsExactly(1, 8);
        assertThat(Arrays.stream(longs(sample, "input_ids"))).allSatisfy(id -> assertThat(id).isBetween(0L, 99L));
        assertThat(longs(sample, "attention_mask")).containsOnly(1L);
        assertThat(longs(sample, "token_type_ids")).containsOnly(0L);
    }

    @Test
    void the_same_seed_gives_the_same_samples() throws Exception {
        Map<String, NodeInfo> inputs = inputsOf(TestModels.fixture("digits_mlp.onnx"));

        SampleSet first = SyntheticSamples.create(inputs, 3, 9L);
        SampleSet second = SyntheticSamples.create(inputs, 3, 9L);

        for (int i = 0; i < 3; i++) {
            assertThat(first.samples().get(i).inputs().get("input").data())
                    .isEqualTo(second.samples().get(i).inputs().get("input").data());
        }
        assertThat(first.samples().get(0).inputs().get("input").data()).isNotEqualTo(first.samples().get(1).inputs().get("input").data());
    }

    @Test
    void unknown_dims_become_one_for_the_batch_and_eight_elsewhere() {
        assertThat(SyntheticInputs.concreteShape(new long[] {-1, -1, 16})).containsExactly(1, 8, 16);
    }

    private static Map<String, NodeInfo> inputsOf(Path model) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(model.toString(), options)) {
            return session.getInputInfo();
        }
    }

    private static long[] longs(Sample sample, String name) {
        LongBuffer buffer = ((LongBuffer) sample.inputs().get(name).data()).duplicate();
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
