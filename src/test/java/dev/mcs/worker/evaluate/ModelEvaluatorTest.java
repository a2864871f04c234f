package dev.mcs.worker.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.NpzWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelEvaluatorTest {

    private static final EvaluationSettings QUICK = new EvaluationSettings(2, 10, 1, 1000, 16, 42L);
    private static final long MLP_PARAMETERS = 64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10;

    private final ModelEvaluator evaluator = new ModelEvaluator();

    @TempDir
    Path dir;

    @Test
    void a_model_compared_with_itself_agrees_perfectly() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");

        EvaluationReport report = evaluator.compare(mlp, mlp, null, QUICK, x -> { });

        Fidelity fidelity = report.fidelity();
        assertThat(fidelity.output()).isEqualTo("logits");
        assertThat(fidelity.cosineMean()).isEqualTo(1.0, within(1e-12));
        assertThat(fidelity.cosineMin()).isEqualTo(1.0, within(1e-12));
        assertThat(fidelity.maxAbsError()).isZero();
        assertThat(fidelity.meanAbsError()).isZero();
        assertThat(fidelity.top1Agreement()).isEqualTo(1.0);
        assertThat(report.inputSource()).isEqualTo("synthetic");
        assertThat(report.sampleCount()).isEqualTo(QUICK.syntheticSamples());
    }

    @Test
    void both_measurements_carry_size_parameters_and_latencies_but_no_accuracy_without_labels() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");

        EvaluationReport report = evaluator.compare(mlp, mlp, null, QUICK, x -> { });

        ModelMeasurement original = report.original();
        assertThat(original.sizeBytes()).isEqualTo(Files.size(mlp));
        assertThat(original.parameterCount()).isEqualTo(MLP_PARAMETERS);
        assertThat(original.latencyP50Ms()).isPositive().isLessThanOrEqualTo(original.latencyP95Ms());
        assertThat(original.top1Accuracy()).isNull();
        assertThat(report.compressed().latencyP50Ms()).isPositive();
    }

    @Test
    void a_perturbed_copy_is_close_but_not_identical() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        Path noisy = TestModels.perturbed(mlp, dir.resolve("noisy.onnx"), 0.05, 1L);

        Fidelity fidelity = evaluator.compare(mlp, noisy, null, QUICK, x -> { }).fidelity();

        assertThat(fidelity.cosineMean()).isLessThan(1.0).isGreaterThan(0.9);
        assertThat(fidelity.cosineMin()).isLessThanOrEqualTo(fidelity.cosineMean()).isGreaterThan(0.9);
        assertThat(fidelity.maxAbsError()).isPositive().isGreaterThanOrEqualTo(fidelity.meanAbsError());
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits_mlp", "digits_cnn"})
    void held_out_accuracy_matches_the_accuracy_recorded_with_the_fixture(String name) throws Exception {
        Path model = TestModels.fixture(name + ".onnx");
        JsonNode expected = JsonMapper.builder().build().readTree(Files.readString(TestModels.fixture("expected.json"))).get(name);

        EvaluationReport report = evaluator.compare(model, model,
                DatasetPart.whole(TestModels.fixture(name + "_holdout.npz")), QUICK, x -> { });

        assertThat(report.inputSource()).isEqualTo("dataset");
        assertThat(report.sampleCount()).isEqualTo(expected.get("heldOutCount").asInt());
        assertThat(report.original().top1Accuracy()).isCloseTo(expected.get("heldOutAccuracy").asDouble(), within(1e-9));
        assertThat(report.compressed().top1Accuracy()).isEqualTo(report.original().top1Accuracy());
    }

    @Test
    void the_held_out_part_is_measured_and_the_report_says_so() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");

        EvaluationReport report = evaluator.compare(mlp, mlp,
                DatasetPart.heldOutPart(TestModels.fixture("digits_mlp_holdout.npz")), QUICK, x -> { });

        assertThat(report.sampleCount()).isEqualTo(360 / 5);
        assertThat(report.evaluationData())
                .isEqualTo(new EvaluationData("held-out", 72, "every fifth sample (index % 5 == 4)"));
        assertThat(report.original().top1Accuracy()).isNotNull();
    }

    @Test
    void synthetic_inputs_are_reported_as_synthetic_evaluation_data() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");

        EvaluationReport report = evaluator.compare(mlp, mlp, null, QUICK, x -> { });

        assertThat(report.evaluationData()).isEqualTo(new EvaluationData("synthetic", QUICK.syntheticSamples(), null));
    }

    @Test
    void at_most_max_samples_are_used_from_a_dataset() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        EvaluationSettings fifty = new EvaluationSettings(1, 3, 1, 50, 16, 42L);

        EvaluationReport report = evaluator.compare(mlp, mlp,
                DatasetPart.whole(TestModels.fixture("digits_mlp_holdout.npz")), fifty, x -> { });

        assertThat(report.sampleCount()).isEqualTo(50);
        assertThat(report.original().top1Accuracy()).isNotNull();
    }

    @Test
    void a_dataset_without_the_input_array_is_rejected_naming_it() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        Path dataset = dir.resolve("pixels.npz");
        try (NpzWriter npz = new NpzWriter(dataset)) {
            npz.floats("pixels", new float[3 * 64], 3, 64).longs("labels", new long[3], 3);
        }

        assertThatThrownBy(() -> evaluator.compare(mlp, mlp, DatasetPart.whole(dataset), QUICK, x -> { }))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("[input]")
                .hasMessageContaining("pixels");
    }

    @Test
    void a_dataset_array_of_the_wrong_width_is_rejected_naming_it() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        Path dataset = dir.resolve("narrow.npz");
        try (NpzWriter npz = new NpzWriter(dataset)) {
            npz.floats("input", new float[3 * 63], 3, 63);
        }

        assertThatThrownBy(() -> evaluator.compare(mlp, mlp, DatasetPart.whole(dataset), QUICK, x -> { }))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("'input'")
                .hasMessageContaining("[3, 63]");
    }

    @Test
    void progress_rises_from_zero_to_one() throws Exception {
        Path cnn = TestModels.fixture("digits_cnn.onnx");
        List<Double> reported = new ArrayList<>();

        evaluator.compare(cnn, cnn, null, QUICK, reported::add);

        assertThat(reported).first().isEqualTo(0.0);
        assertThat(reported).last().isEqualTo(1.0);
        assertThat(reported).isSorted();
    }

    @Test
    void the_environment_names_cpu_engines_and_threads() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");

        MeasurementEnvironment environment = evaluator.compare(mlp, mlp, null, QUICK, x -> { }).environment();

        assertThat(environment.cores()).isPositive();
        assertThat(environment.cpuModel()).isNotBlank();
        assertThat(environment.engineVersions()).containsEntry("onnxruntime", "1.21.1").containsEntry("djl", "0.36.0");
        assertThat(environment.intraOpThreads()).isPositive();
        assertThat(EnvironmentProbe.ISA_FLAGS).containsAll(environment.isaFlags());
    }

    @Test
    void a_compressed_model_with_external_data_is_refused() {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        Path external = TestModels.withExternalWeights(dir.resolve("external.onnx"), "../../etc/passwd");

        assertThatThrownBy(() -> evaluator.compare(mlp, external, null, QUICK, x -> { }))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("external data is not supported");
    }

    @Test
    void models_with_different_inputs_cannot_be_compared() {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        Path tokens = TestModels.tokenInputs(dir.resolve("tokens.onnx"));

        assertThatThrownBy(() -> evaluator.compare(mlp, tokens, null, QUICK, x -> { }))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("different inputs");
    }

    @Test
    void a_report_serializes_to_json() throws Exception {
        Path mlp = TestModels.fixture("digits_mlp.onnx");
        EvaluationReport report = evaluator.compare(mlp, mlp, null, QUICK, x -> { });

        String json = JsonMapper.builder().build().writeValueAsString(report);

        assertThat(json).contains("\"inputSource\":\"synthetic\"", "\"cosineMean\":1.0", "\"top1Accuracy\":null");
    }
}
