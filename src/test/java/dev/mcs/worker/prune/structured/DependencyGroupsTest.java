package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
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
 * Dependency groups on a synthetic CNN: Conv(3->8) -> BatchNormalization -> Relu -> depthwise Conv(8) -> Relu ->
 * Conv(8->4) -> x; Conv(4->4)(x) + x (a residual add) -> GlobalAveragePool -> Flatten -> Gemm(4->2).
 */
class DependencyGroupsTest {

    private final Random random = new Random(11);

    @Test
    void a_channel_is_cut_from_batch_norm_the_depthwise_conv_and_the_next_conv_but_a_residual_dimension_is_kept()
            throws Exception {
        ModelProto model = model();
        Graph graph = new Graph(model.getGraph());
        GroupFinder finder = new GroupFinder(graph);

        List<PrunableGroup> groups = finder.find(Set.of("channels"));

        assertThat(groups).as("left alone: %s", finder.skipped()).hasSize(1);
        PrunableGroup first = groups.get(0);
        assertThat(first.cuts()).extracting(Cut::initializer).contains("w1", "b1", "scale", "bias", "mean", "var",
                "wd", "bd", "w2");
        assertThat(first.depthwise()).as("outputs of the depthwise convolutions").containsExactly("h4");
        assertThat(finder.skipped()).anySatisfy(reason -> assertThat(reason).contains("outside the group"));

        ModelProto pruned = GraphCutter.cut(model, graph, Map.of(first, new int[] {0, 2, 5}), null);

        Map<String, List<Long>> dims = new java.util.HashMap<>();
        pruned.getGraph().getInitializerList().forEach(t -> dims.put(t.getName(), t.getDimsList()));
        assertThat(dims.get("w1")).containsExactly(3L, 3L, 3L, 3L);
        assertThat(dims.get("var")).containsExactly(3L);
        assertThat(dims.get("wd")).containsExactly(3L, 1L, 3L, 3L);
        assertThat(dims.get("w2")).containsExactly(4L, 3L, 1L, 1L);
        assertThat(run(pruned)).hasSize(2);
        assertThat(GraphSurgeryTest.maxDifference(run(model), run(GraphCutter.cut(model, graph,
                Map.of(first, new int[] {0, 1, 2, 3, 4, 5, 6, 7}), null)))).isLessThan(1e-5f);
    }

    private ModelProto model() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("synthetic");
        g.addInput(value("input", 1, 3, 6, 6)).addOutput(value("out", 1, 2));
        g.addInitializer(weight("w1", 8, 3, 3, 3)).addInitializer(weight("b1", 8));
        g.addInitializer(weight("scale", 8)).addInitializer(weight("bias", 8)).addInitializer(weight("mean", 8));
        g.addInitializer(positive("var", 8));
        g.addInitializer(weight("wd", 8, 1, 3, 3)).addInitializer(weight("bd", 8));
        g.addInitializer(weight("w2", 4, 8, 1, 1)).addInitializer(weight("w3", 4, 4, 1, 1));
        g.addInitializer(weight("wg", 2, 4)).addInitializer(weight("bg", 2));
        g.addNode(conv("c1", List.of("input", "w1", "b1"), "h1", 1, 1));
        g.addNode(node("BatchNormalization", "bn", List.of("h1", "scale", "bias", "mean", "var"), "h2"));
        g.addNode(node("Relu", "r1", List.of("h2"), "h3"));
        g.addNode(conv("d", List.of("h3", "wd", "bd"), "h4", 8, 1));
        g.addNode(node("Relu", "r2", List.of("h4"), "h5"));
        g.addNode(conv("c2", List.of("h5", "w2"), "x", 1, 0));
        g.addNode(conv("c3", List.of("x", "w3"), "y", 1, 0));
        g.addNode(node("Add", "residual", List.of("y", "x"), "z"));
        g.addNode(node("GlobalAveragePool", "gap", List.of("z"), "p"));
        g.addNode(node("Flatten", "flat", List.of("p"), "f"));
        g.addNode(node("Gemm", "fc", List.of("f", "wg", "bg"), "out").toBuilder()
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setI(1)
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)).build());
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
    }

    static NodeProto conv(String name, List<String> inputs, String output, int group, int pad) {
        NodeProto.Builder b = node("Conv", name, inputs, output).toBuilder();
        b.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("group").setI(group)
                .setType(OnnxMl.AttributeProto.AttributeType.INT));
        b.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("pads").addAllInts(List.of(1L * pad, 1L * pad,
                1L * pad, 1L * pad)).setType(OnnxMl.AttributeProto.AttributeType.INTS));
        return b.build();
    }

    static NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    private TensorProto weight(String name, long... dims) {
        return tensor(name, false, dims);
    }

    private TensorProto positive(String name, long... dims) {
        return tensor(name, true, dims);
    }

    private TensorProto tensor(String name, boolean positive, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (int i = 0; i < n; i++) {
            float v = (float) random.nextGaussian() * 0.5f;
            t.addFloatData(positive ? Math.abs(v) + 0.5f : v);
        }
        return t.build();
    }

    static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    /** The model's first output on a fixed random [1, 3, 6, 6] input named {@code input}. */
    static float[] run(ModelProto model) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] input = new float[3 * 36];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
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
