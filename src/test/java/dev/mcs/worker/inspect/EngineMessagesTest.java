package dev.mcs.worker.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EngineMessagesTest {

    @Test
    void a_libtorch_stack_trace_is_cut_to_its_first_lines() {
        String message = "PytorchStreamReader failed\nreading zip archive\n\nException raised from valid at ../caffe2/serialize.cc:1\nframe #0: c10::Error";

        assertThat(EngineMessages.concise(new RuntimeException(message), null))
                .isEqualTo("PytorchStreamReader failed reading zip archive");
    }

    @Test
    void the_worker_path_is_replaced_by_the_file_name() {
        Path model = Path.of("/var/lib/mcs/jobs/42/model.onnx");

        assertThat(EngineMessages.concise(new RuntimeException("Load model from " + model + " failed"), model))
                .isEqualTo("Load model from model.onnx failed");
    }

    @Test
    void a_very_long_message_is_truncated() {
        assertThat(EngineMessages.concise(new RuntimeException("x".repeat(5000)), null)).hasSizeLessThan(402);
    }
}
