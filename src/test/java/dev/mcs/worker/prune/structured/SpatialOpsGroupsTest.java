package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.prune.onnx.Graph;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Channel groups through the shapes converters and hand-written heads use instead of GlobalAveragePool -> Flatten:
 * Conv(3->8) -> Pad -> Relu -> Conv(8->6) -> ReduceMean over [2, 3] (keepdims 0) -> Gemm(6->2), and the same with a
 * Squeeze after a keepdims reduction. A Pad of the channel axis and a reduction over the channels stop the group.
 */
class SpatialOpsGroupsTest {

    private final Random random = new Random(5);

    @Test
    void explicit_padding_and_a_spatial_mean_carry_the_channels_to_the_next_conv_and_the_dense_head()
            throws Exception {
        ModelProto model = model(List.of(0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L), List.of(2L, 3L), false);
        Graph graph = new Graph(model.getGraph());
        GroupFinder finder = new GroupFinder(graph);

        List<PrunableGroup> groups = finder.find(Set.of("channels"));

        assertThat(groups).as("left alone: %s", finder.skipped()).extracting(PrunableGroup::name)
                .containsExactly("c1", "c2");
        assertThat(groups.get(1).terminals()).extracting(t -> t.weight().initializer(), t -> t.weight().block())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("wg", 1));
        ModelProto pruned = GraphCutter.cut(model, graph, Map.of(groups.get(0), new int[] {1, 4, 6},
                groups.get(1), new int[] {0, 5}), null);
        assertThat(run(pruned)).hasSize(2);
        assertThat(dims(pruned, "wg")).containsExactly(2L, 2L);
    }

    @Test
    void a_squeeze_of_the_spatial_axes_after_a_kept_dimension_reduction_carries_them_too() throws Exception {
        ModelProto model = model(List.of(0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L), List.of(-2L, -1L), true);
        GroupFinder finder = new GroupFinder(new Graph(model.getGraph()));

        assertThat(finder.find(Set.of("channels"))).as("left alone: %s", finder.skipped()).hasSize(2);
    }

    @Test
    void padding_the_channel_axis_or_reducing_over_it_leaves_the_group_alone_with_the_reason() throws Exception {
        GroupFinder padsChannels = new GroupFinder(new Graph(model(List.of(0L, 1L, 1L, 1L, 0L, 0L, 1L, 1L),
                List.of(2L, 3L), false).getGraph()));
        GroupFinder meanOfChannels = new GroupFinder(new Graph(model(List.of(0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L),
                List.of(1L, 2L, 3L), false).getGraph()));

        assertThat(padsChannels.find(Set.of("channels"))).extracting(PrunableGroup::name).containsExactly("c2");
        assertThat(padsChannels.skipped()).singleElement().asString().contains("pads the batch or channel axis");
        assertThat(meanOfChannels.find(Set.of("channels"))).extracting(PrunableGroup::name).containsExactly("c1");
        assertThat(meanOfChannels.skipped()).singleElement().asString().contains("reduces over the batch or channel");
    }

    @Test
    void a_view_to_batch_by_minus_one_built_from_the_input_shape_acts_as_flatten() throws Exception {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("view");
        g.addInput(value("input", 1, 3, 6, 6)).addOutput(value("out", 1, 2));
        g.addInitializer(weight("w1", 8, 3, 3, 3)).addInitializer(weight("b1", 8));
        g.addInitializer(weight("wg", 2, 8 * 16)).addInitializer(weight("bg", 2));
        g.addInitializer(int64s("zero")).addInitializer(int64s("minus1", -1L)).addInitializer(int64s("axis0", 0L));
        g.addNode(node("Conv", "c1", List.of("input", "w1", "b1"), "h1"));
        g.addNode(node("Relu", "relu", List.of("h1"), "h2"));
        g.addNode(node("Shape", "shape", List.of("h2"), "s"));
        g.addNode(node("Gather", "batch", List.of("s", "zero"), "n"));
        g.addNode(node("Unsqueeze", "unsqueeze", List.of("n", "axis0"), "n1"));
        g.addNode(node("Concat", "target", List.of("n1", "minus1"), "shape").toBuilder().addAttribute(
                AttributeProto.newBuilder().setName("axis").setI(0).setType(AttributeProto.AttributeType.INT)).build());
        g.addNode(node("Reshape", "view", List.of("h2", "shape"), "flat"));
        g.addNode(node("Gemm", "fc", List.of("flat", "wg", "bg"), "out").toBuilder().addAttribute(
                AttributeProto.newBuilder().setName("transB").setI(1).setType(AttributeProto.AttributeType.INT)));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
        Graph graph = new Graph(model.getGraph());
        GroupFinder finder = new GroupFinder(graph);

        List<PrunableGroup> groups = finder.find(Set.of("channels"));

        assertThat(groups).as("left alone: %s", finder.skipped()).singleElement()
                .satisfies(group -> assertThat(group.terminals()).singleElement()
                        .satisfies(t -> assertThat(t.weight().block()).isEqualTo(16)));
        ModelProto pruned = GraphCutter.cut(model, graph, Map.of(groups.get(0), new int[] {2, 3, 7}), null);
        assertThat(dims(pruned, "wg")).containsExactly(2L, 48L);
        assertThat(run(pruned)).hasSize(2);
    }

    private static TensorProto int64s(String name, Long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        if (values.length == 0) {
            return t.addInt64Data(0).build(); // a scalar
        }
        return t.addDims(values.length).addAllInt64Data(List.of(values)).build();
    }

    private ModelProto model(List<Long> pads, List<Long> axes, boolean squeeze) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("spatial");
        g.addInput(value("input", 1, 3, 6, 6)).addOutput(value("out", 1, 2));
        g.addInitializer(weight("w1", 8, 3, 3, 3)).addInitializer(weight("b1", 8));
        g.addInitializer(weight("w2", 6, 8, 3, 3)).addInitializer(weight("wg", 2, 6)).addInitializer(weight("bg", 2));
        g.addInitializer(TensorProto.newBuilder().setName("pads").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(pads.size()).addAllInt64Data(pads));
        g.addNode(node("Conv", "c1", List.of("input", "w1", "b1"), "h1"));
        g.addNode(node("Pad", "pad", List.of("h1", "pads"), "h2"));
        g.addNode(node("Relu", "relu", List.of("h2"), "h3"));
        g.addNode(node("Conv", "c2", List.of("h3", "w2"), "h4"));
        NodeProto.Builder mean = node("ReduceMean", "mean", List.of("h4"), squeeze ? "h5" : "flat").toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axes").addAllInts(axes)
                        .setType(AttributeProto.AttributeType.INTS));
        g.addNode(mean.addAttribute(AttributeProto.newBuilder().setName("keepdims").setI(squeeze ? 1 : 0)
                .setType(AttributeProto.AttributeType.INT)));
        if (squeeze) {
            g.addInitializer(TensorProto.newBuilder().setName("axes").setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(axes.size()).addAllInt64Data(axes));
            g.addNode(node("Squeeze", "squeeze", List.of("h5", "axes"), "flat"));
        }
        g.addNode(node("Gemm", "fc", List.of("flat", "wg", "bg"), "out").toBuilder().addAttribute(
                AttributeProto.newBuilder().setName("transB").setI(1).setType(AttributeProto.AttributeType.INT)));
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
    }

    private static NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    private TensorProto weight(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        int n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= (int) d;
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData((float) random.nextGaussian() * 0.5f);
        }
        return t.build();
    }

    private static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    private static List<Long> dims(ModelProto model, String name) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow().getDimsList();
    }

    private static float[] run(ModelProto model) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] input = new float[3 * 36];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i);
        }
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(model.toByteArray(), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, 6, 6});
                OrtSession.Result result = session.run(Map.of("input", x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
