package dev.mcs.worker.distill.student;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.OrtRuntime;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratedStudentsTest {

    private static final TeacherShape DIGITS_CNN = new TeacherShape("input", new long[] {1, 8, 8}, "logits", 10,
            parametersOf("digits_cnn.onnx"));
    private static final TeacherShape DIGITS_MLP = new TeacherShape("input", new long[] {64}, "logits", 10,
            parametersOf("digits_mlp.onnx"));

    @Test
    void a_default_cnn_student_has_at_most_a_tenth_of_the_teachers_parameters_and_runs_in_onnx_runtime()
            throws Exception {
        StudentDesign design = GeneratedStudents.design("cnn", null, true, 7, DIGITS_CNN);

        OnnxMl.ModelProto student = GeneratedStudents.write(design, DIGITS_CNN);

        assertThat(GeneratedStudents.parameters(design, DIGITS_CNN)).isEqualTo(initializerElements(student))
                .isLessThanOrEqualTo(DIGITS_CNN.parameters() / 10);
        assertThat(design.widths()).allSatisfy(c -> assertThat(c % 8).as("channels in blocks of 8").isZero());
        assertThat(student.getGraph().getNodeList()).anySatisfy(node -> assertThat(node.getAttributeList())
                .anySatisfy(a -> assertThat(a.getName().equals("group") && a.getI() > 1).isTrue()));
        float[][] logits = run(student, 5, 1, 8, 8);
        assertThat(logits).hasDimensions(5, 10);
        assertThat(logits[0]).isNotEqualTo(logits[1]);
    }

    @Test
    void a_default_mlp_student_is_sized_to_a_tenth_of_the_teacher() throws Exception {
        StudentDesign design = GeneratedStudents.design("mlp", null, false, 1, DIGITS_MLP);

        long parameters = GeneratedStudents.parameters(design, DIGITS_MLP);

        assertThat(parameters).isLessThanOrEqualTo(DIGITS_MLP.parameters() / 10);
        assertThat(run(GeneratedStudents.write(design, DIGITS_MLP), 3, 64)).hasNumberOfRows(3);
    }

    @Test
    void the_default_cnn_is_the_widest_in_blocks_of_eight_that_fits_the_budget() {
        TeacherShape wide = new TeacherShape("input", new long[] {1, 8, 8}, "logits", 10, 85_066);

        StudentDesign design = GeneratedStudents.design("cnn", null, true, 0, wide);

        assertThat(design.widths()).containsExactly(40, 80);
        assertThat(GeneratedStudents.parameters(design, wide)).isLessThanOrEqualTo(8_506);
        assertThat(GeneratedStudents.parameters(new StudentDesign("cnn", List.of(48, 96), true, 0), wide))
                .isGreaterThan(8_506);
    }

    @Test
    void a_map_halved_below_four_is_read_whole_and_a_larger_one_is_averaged() throws Exception {
        StudentDesign design = new StudentDesign("cnn", List.of(8, 16), true, 0);
        TeacherShape colour = new TeacherShape("input", new long[] {3, 32, 32}, "logits", 10, 100_000);

        // 8x8: stem 1->8 (stride) 4x4, depthwise 8 + pointwise 8->16, pool 2x2, 16 x 2 x 2 -> 10
        assertThat(GeneratedStudents.parameters(design, DIGITS_CNN)).isEqualTo(80 + 80 + 144 + (64 * 10 + 10));
        // 32x32: stem 3->8 (stride) 16x16, the same stage, pool 8x8, averaged: 16 -> 10
        assertThat(GeneratedStudents.parameters(design, colour)).isEqualTo(224 + 80 + 144 + (16 * 10 + 10));
        assertThat(run(GeneratedStudents.write(design, DIGITS_CNN), 2, 1, 8, 8)).hasNumberOfRows(2);
    }

    @Test
    void widths_the_job_gives_are_used_as_given() {
        StudentDesign design = GeneratedStudents.design("cnn", List.of(4, 8, 16), false, 1, DIGITS_CNN);

        assertThat(design.widths()).containsExactly(4, 8, 16);
        // three full 3x3 stages (no depthwise): 8x8 -> 4x4 (stride) -> 2x2 (pool) -> 2x2, read whole: 16 x 2 x 2 -> 10
        long expected = (4 * 9 + 4) + (8 * 4 * 9 + 8) + (16 * 8 * 9 + 16) + (16 * 4 * 10 + 10);
        assertThat(GeneratedStudents.parameters(design, DIGITS_CNN)).isEqualTo(expected);
    }

    @Test
    void the_same_seed_gives_the_same_weights_and_another_seed_other_weights() {
        OnnxMl.ModelProto first = GeneratedStudents.write(new StudentDesign("cnn", List.of(6, 12), true, 3), DIGITS_CNN);
        OnnxMl.ModelProto again = GeneratedStudents.write(new StudentDesign("cnn", List.of(6, 12), true, 3), DIGITS_CNN);
        OnnxMl.ModelProto other = GeneratedStudents.write(new StudentDesign("cnn", List.of(6, 12), true, 4), DIGITS_CNN);

        assertThat(first.toByteArray()).isEqualTo(again.toByteArray()).isNotEqualTo(other.toByteArray());
    }

    @Test
    void a_cnn_student_for_flat_inputs_is_refused_with_the_reason() {
        assertThatThrownBy(() -> GeneratedStudents.design("cnn", null, true, 0, DIGITS_MLP))
                .hasMessageContaining("[channels, height, width]");
    }

    private static float[][] run(OnnxMl.ModelProto model, int batch, long... sampleDims) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        long[] shape = new long[sampleDims.length + 1];
        shape[0] = batch;
        System.arraycopy(sampleDims, 0, shape, 1, sampleDims.length);
        int size = batch;
        for (long d : sampleDims) {
            size *= (int) d;
        }
        float[] values = new float[size];
        Random random = new Random(1);
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat();
        }
        try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    private static long initializerElements(OnnxMl.ModelProto model) {
        return model.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, Math::multiplyExact)).sum();
    }

    private static long parametersOf(String fixture) {
        try (InputStream in = GeneratedStudentsTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            return initializerElements(OnnxMl.ModelProto.parseFrom(in));
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + fixture + " is missing", e);
        }
    }
}
