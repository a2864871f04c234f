package dev.mcs.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's one NPZ reader, as evaluation, calibration and {@code auto} use it. Messages are asserted because
 * users read them; evaluation-level checks (through a session) are in ModelEvaluatorTest.
 */
class DatasetInputsTest {

    private static final String NONE = "the dataset has no samples to test";
    private static final ModelInput PIXELS = new ModelInput("input", OnnxJavaType.FLOAT, new long[] {-1, 4});

    @TempDir
    Path dir;

    @Test
    void each_sample_is_a_batch_one_view_of_its_rows_with_its_label() throws Exception {
        Path npz = npz(w -> w
                .floats("input", new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, 3, 4)
                .longs("labels", new long[] {7, 8, 9}, 3));

        SampleSet set = DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS), 2, NONE);

        assertThat(set.samples()).hasSize(2);
        assertThat(set.source()).isEqualTo("dataset");
        HostTensor second = set.samples().get(1).inputs().get("input");
        assertThat(second.shape()).containsExactly(1, 4);
        assertThat(floats(second)).containsExactly(10, 11, 12, 13);
        assertThat(set.labels()).containsExactly(7, 8);
    }

    @Test
    void int32_inputs_are_read_from_integer_arrays_and_widen_back_to_longs() throws Exception {
        Path npz = npz(w -> w.longs("attention_mask", new long[] {1, 1, 0, 1, 0, 0}, 2, 3));
        ModelInput mask = new ModelInput("attention_mask", OnnxJavaType.INT32, new long[] {1, -1});

        SampleSet set = DatasetInputs.read(DatasetPart.whole(npz), List.of(mask), 10, NONE);

        HostTensor first = set.samples().get(0).inputs().get("attention_mask");
        assertThat(first.type()).isEqualTo(OnnxJavaType.INT32);
        assertThat(first.longValues()).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 1, 0));
        assertThat(set.labels()).isNull();
    }

    @Test
    void an_archive_without_samples_is_refused_in_the_callers_words() throws Exception {
        Path npz = npz(w -> w.floats("input", new float[0], 0, 4));

        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS), 10, NONE))
                .isInstanceOf(InvalidDatasetException.class).hasMessage(NONE);
        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(), 10, NONE)).hasMessage(NONE);
    }

    @Test
    void missing_arrays_are_named_with_the_arrays_present() throws Exception {
        Path npz = npz(w -> w.floats("pixels", new float[8], 2, 4));

        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS), 10, NONE))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessage("the dataset has no array for model input(s) [input]; its arrays are [pixels]");
    }

    @Test
    void arrays_that_disagree_on_the_sample_count_are_refused() throws Exception {
        Path npz = npz(w -> w.floats("input", new float[8], 2, 4)
                .floats("other", new float[12], 3, 4));
        ModelInput other = new ModelInput("other", OnnxJavaType.FLOAT, new long[] {-1, 4});

        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS, other), 10, NONE))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessage("dataset arrays differ in sample count: {input=2, other=3}");
    }

    @Test
    void a_shape_or_element_type_that_does_not_fit_is_named() throws Exception {
        Path npz = npz(w -> w.floats("input", new float[6], 2, 3));
        ModelInput half = new ModelInput("input", OnnxJavaType.FLOAT16, new long[] {-1, 3});

        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS), 10, NONE))
                .hasMessage("dataset array 'input' has shape [2, 3] (samples first), which does not fit model input"
                        + " 'input' of shape [?, 4]");
        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(half), 10, NONE))
                .hasMessage("model input 'input' has element type FLOAT16; datasets can feed float, int64 and int32 inputs");
    }

    @Test
    void labels_shorter_than_the_samples_are_refused() throws Exception {
        Path npz = npz(w -> w.floats("input", new float[12], 3, 4)
                .longs("labels", new long[] {1, 2}, 2));

        assertThatThrownBy(() -> DatasetInputs.read(DatasetPart.whole(npz), List.of(PIXELS), 10, NONE))
                .hasMessage("dataset array 'labels' has 2 entries for 3 samples");
    }

    @Test
    void a_graph_describes_its_fed_inputs_as_a_session_would() {
        GraphProto graph = GraphProto.newBuilder()
                .addInput(input("input_ids", TensorProto.DataType.INT64_VALUE, "batch", 16))
                .addInput(input("pixels", TensorProto.DataType.FLOAT_VALUE, 1, 4))
                .addInput(input("bias", TensorProto.DataType.FLOAT_VALUE, 4))
                .addInitializer(TensorProto.newBuilder().setName("bias").setDataType(TensorProto.DataType.FLOAT_VALUE))
                .build();

        List<ModelInput> fed = ModelInput.fed(graph);

        assertThat(fed).extracting(ModelInput::name).containsExactly("input_ids", "pixels");
        assertThat(fed).extracting(ModelInput::type).containsExactly(OnnxJavaType.INT64, OnnxJavaType.FLOAT);
        assertThat(fed.get(0).shape()).containsExactly(-1, 16);
        assertThat(ModelInput.fedNames(graph)).containsExactly("input_ids", "pixels");
    }

    private static ValueInfoProto input(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            shape.addDim(d instanceof String s ? dim.setDimParam(s) : dim.setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** The arrays a test writes into its archive. */
    private interface Arrays {
        void write(NpzWriter writer) throws IOException;
    }

    private Path npz(Arrays arrays) throws IOException {
        Path path = dir.resolve("d.npz");
        try (NpzWriter writer = new NpzWriter(path)) {
            arrays.write(writer);
        }
        return path;
    }

    private static float[] floats(HostTensor tensor) {
        FloatBuffer buffer = ((FloatBuffer) tensor.data()).duplicate();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
