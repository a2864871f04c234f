package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitsParityTest {

    private static NDManager manager;

    @BeforeAll
    static void engines() {
        manager = Executors.torch();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({"digits_mlp, digits_mlp", "digits_cnn, digits_cnn", "digits_cnn_wide, digits_cnn"})
    void theExecutorMatchesOnnxRuntimeOnTheHeldOutDigits(String name, String dataset) throws Exception {
        var model = Executors.fixture(name + ".onnx");
        var batches = Executors.batches(model, Executors.fixture(dataset + "_holdout.npz"), 360, 64);
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            ParityReport report = OrtParity.require(executor, manager, batches);

            assertThat(report.samples()).isEqualTo(6);
            assertThat(report.worst().relative()).isLessThan(OrtParity.TOLERANCE);
            assertThat(report.worst().maxAbsoluteReference()).isGreaterThan(1.0);
        }
    }
}
