package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the service can tell, from two inspections, about a student's output before any job runs it. */
class OutputFitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode DIGITS_TEACHER = onnx("[\"batch\", \"1\", \"8\", \"8\"]", "[\"batch\", \"10\"]");

    @Test
    void a_torchscript_student_whose_smoke_test_ran_on_the_teachers_input_with_another_width_is_a_mismatch() {
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, torchScript("[1, 1, 8, 8]", "[1, 5]")))
                .hasValueSatisfying(detail -> assertThat(detail).contains("writes 5 values per sample", "model 10"));
    }

    @Test
    void a_torchscript_student_with_the_teachers_width_fits() {
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, torchScript("[1, 1, 8, 8]", "[1, 10]"))).isEmpty();
    }

    @Test
    void a_torchscript_student_whose_smoke_test_ran_on_a_guessed_input_of_another_shape_is_left_to_the_worker() {
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, torchScript("[1, 64]", "[1, 5]"))).isEmpty();
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, JSON.readTree("{\"smokeTest\": {\"succeeded\": false}}")))
                .isEmpty();
    }

    @Test
    void an_onnx_student_with_another_fixed_output_width_is_a_mismatch() {
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, onnx("[\"n\", \"1\", \"8\", \"8\"]", "[\"n\", \"5\"]")))
                .isPresent();
        assertThat(OutputFit.mismatch(DIGITS_TEACHER, onnx("[\"n\", \"1\", \"8\", \"8\"]", "[\"n\", \"?\"]")))
                .isEmpty();
    }

    @Test
    void a_teacher_whose_sizes_are_not_fixed_tells_nothing() {
        JsonNode encoder = onnx("[\"batch\", \"sequence\"]", "[\"batch\", \"sequence\", \"384\"]");
        assertThat(OutputFit.mismatch(encoder, torchScript("[1, 8]", "[1, 5]"))).isEmpty();
    }

    private static JsonNode onnx(String input, String output) {
        return JSON.readTree("{\"onnx\": {\"inputs\": [{\"name\": \"input\", \"shape\": " + input
                + "}], \"outputs\": [{\"name\": \"out\", \"shape\": " + output + "}]}}");
    }

    private static JsonNode torchScript(String input, String output) {
        return JSON.readTree("{\"onnx\": null, \"smokeTest\": {\"succeeded\": true, \"inputShape\": " + input
                + ", \"outputShape\": " + output + "}}");
    }
}
