package dev.mcs.worker.prune.structured;

import static dev.mcs.worker.prune.structured.DependencyGroupsTest.conv;
import static dev.mcs.worker.prune.structured.DependencyGroupsTest.node;
import static dev.mcs.worker.prune.structured.DependencyGroupsTest.run;
import static dev.mcs.worker.prune.structured.DependencyGroupsTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.prune.onnx.Graph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A residual stream on a synthetic ResNet: stem Conv(3->16) + BatchNormalization + Relu = s; block Conv(16->8) + Relu
 * + Conv(8->16, bias) added to s, Relu = t; a 1x1 Conv(16->16) of t scaled by 0.5 and added to t = u; u ->
 * GlobalAveragePool -> Flatten -> Gemm(16->2). The stream is written by the stem, the block's last Conv and the 1x1
 * Conv, and read by the block's first Conv, the 1x1 Conv and the Gemm.
 */
class ResidualStreamGroupsTest {

    private static final StructuredParams HALF = new StructuredParams("structured", 0.5, List.of("channels"),
            "magnitude", null).withResidualStreams(StructuredParams.KEEP).withDefaults();
    private static final List<String> STREAM = List.of("ws", "s_scale", "s_bias", "s_mean", "s_var", "wb", "bb",
            "wp", "wg");

    private final Random random = new Random(5);

    @Test
    void with_prune_the_stream_is_one_group_of_every_writer_and_reader_and_the_cut_graph_runs() throws Exception {
        ModelProto model = model(false);
        StructuredPruner.Outcome outcome = StructuredPruner.prune(model, HALF.withResidualStreams("prune"), null);

        assertThat(outcome.groups()).extracting(StructuredPruner.GroupResult::node,
                StructuredPruner.GroupResult::units, StructuredPruner.GroupResult::joined)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stem", 16, 3),
                        org.assertj.core.groups.Tuple.tuple("a", 8, 0));
        assertThat(outcome.skipped()).as("every writer is in the stream's group").isEmpty();
        Map<String, List<Long>> dims = dims(outcome.model());
        assertThat(dims.get("ws")).containsExactly(8L, 3L, 3L, 3L);
        assertThat(dims.get("s_var")).containsExactly(8L);
        assertThat(dims.get("wa").get(1)).as("the block's first conv reads the stream").isEqualTo(8L);
        assertThat(dims.get("wb").get(0)).isEqualTo(8L);
        assertThat(dims.get("bb")).containsExactly(8L);
        assertThat(dims.get("wp")).as("the 1x1 conv reads and writes the stream").containsExactly(8L, 8L, 1L, 1L);
        assertThat(dims.get("wg")).containsExactly(2L, 8L);
        assertThat(run(outcome.model())).hasSize(2);
    }

    @Test
    void keeping_every_channel_of_the_joint_group_leaves_the_function_unchanged() throws Exception {
        ModelProto model = model(false);
        Graph graph = new Graph(model.getGraph());
        PrunableGroup stream = new GroupFinder(graph).find(Set.of("channels"), true).get(0);

        assertThat(stream.writers()).extracting(Cut::initializer).containsExactly("ws", "wb", "wp");
        assertThat(stream.cuts()).extracting(Cut::initializer).containsAll(STREAM);
        ModelProto all = GraphCutter.cut(model, graph, Map.of(stream, IntStream.range(0, 16).toArray()), null);
        assertThat(GraphSurgeryTest.maxDifference(run(model), run(all))).isLessThan(1e-5f);
        ModelProto some = GraphCutter.cut(model, graph, Map.of(stream, new int[] {1, 4, 9}), null);
        assertThat(run(some)).hasSize(2);
    }

    @Test
    void with_keep_no_tensor_of_the_stream_is_cut() throws Exception {
        StructuredPruner.Outcome outcome = StructuredPruner.prune(model(false), HALF, null);

        assertThat(outcome.groups()).extracting(StructuredPruner.GroupResult::node).containsExactly("a");
        assertThat(outcome.skipped()).hasSize(3).allSatisfy(r -> assertThat(r).contains("outside the group"));
        Map<String, List<Long>> dims = dims(outcome.model());
        assertThat(dims.get("ws")).containsExactly(16L, 3L, 3L, 3L);
        assertThat(dims.get("wb").get(0)).isEqualTo(16L);
        assertThat(dims.get("wp")).containsExactly(16L, 16L, 1L, 1L);
        assertThat(dims.get("wg")).containsExactly(2L, 16L);
    }

    @Test
    void when_every_conv_writes_the_stream_keep_finds_nothing_and_the_default_joins_it() throws Exception {
        ModelProto model = model(false, false);
        StructuredParams defaults = new StructuredParams("structured", 0.5, List.of("channels"), "magnitude", null)
                .withDefaults();

        assertThatThrownBy(() -> StructuredPruner.prune(model, HALF, null))
                .isInstanceOf(StructuredPruner.NothingToPrune.class).hasMessageContaining("outside the group");
        StructuredPruner.Outcome outcome = StructuredPruner.prune(model, defaults, null);
        assertThat(outcome.groups()).singleElement().satisfies(g -> assertThat(g.joined()).isEqualTo(2));
        assertThat(dims(outcome.model()).get("wp")).containsExactly(8L, 8L, 1L, 1L);
        assertThat(run(outcome.model())).hasSize(2);
    }

    @Test
    void a_stream_that_meets_a_concat_stays_unpruned_with_the_reason() throws Exception {
        StructuredPruner.Outcome outcome = StructuredPruner.prune(model(true), HALF.withResidualStreams("prune"), null);

        assertThat(outcome.groups()).extracting(StructuredPruner.GroupResult::node).containsExactly("a");
        assertThat(outcome.skipped()).anySatisfy(r -> assertThat(r).startsWith("stem").contains("stays unpruned")
                .contains("Concat"));
        assertThat(dims(outcome.model()).get("ws")).containsExactly(16L, 3L, 3L, 3L);
    }

    private ModelProto model(boolean concat) {
        return model(concat, true);
    }

    /** @param inner whether the first block has its two inner convs (a, b); without them every Conv writes the stream */
    private ModelProto model(boolean concat, boolean inner) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("residual");
        g.addInput(value("input", 1, 3, 6, 6)).addOutput(value("out", 1, 2));
        g.addInitializer(weight("ws", false, 16, 3, 3, 3)).addInitializer(weight("s_scale", false, 16))
                .addInitializer(weight("s_bias", false, 16)).addInitializer(weight("s_mean", false, 16))
                .addInitializer(weight("s_var", true, 16));
        if (inner) {
            g.addInitializer(weight("wa", false, 8, 16, 3, 3)).addInitializer(weight("wb", false, 16, 8, 3, 3))
                    .addInitializer(weight("bb", false, 16));
        }
        g.addInitializer(weight("wp", false, 16, 16, 1, 1));
        g.addInitializer(TensorProto.newBuilder().setName("half").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(0.5f));
        g.addInitializer(weight("wg", false, 2, concat ? 32 : 16)).addInitializer(weight("bg", false, 2));
        g.addNode(conv("stem", List.of("input", "ws"), "h1", 1, 1));
        g.addNode(node("BatchNormalization", "bn", List.of("h1", "s_scale", "s_bias", "s_mean", "s_var"), "h2"));
        g.addNode(node("Relu", "r1", List.of("h2"), "s"));
        if (inner) {
            g.addNode(conv("a", List.of("s", "wa"), "a1", 1, 1));
            g.addNode(node("Relu", "r2", List.of("a1"), "a2"));
            g.addNode(conv("b", List.of("a2", "wb", "bb"), "b1", 1, 1));
            g.addNode(node("Add", "add1", List.of("b1", "s"), "t1"));
        }
        g.addNode(node("Relu", "r3", List.of(inner ? "t1" : "s"), "t"));
        g.addNode(conv("p", List.of("t", "wp"), "p1", 1, 0));
        g.addNode(node("Mul", "scale", List.of("p1", "half"), "p2"));
        g.addNode(node("Add", "add2", List.of("p2", "t"), "u"));
        String pooled = "u";
        if (concat) {
            g.addNode(node("Concat", "cat", List.of("u", "u"), "uu").toBuilder().addAttribute(OnnxMl.AttributeProto
                    .newBuilder().setName("axis").setI(1).setType(OnnxMl.AttributeProto.AttributeType.INT)).build());
            pooled = "uu";
        }
        g.addNode(node("GlobalAveragePool", "gap", List.of(pooled), "g1"));
        g.addNode(node("Flatten", "flat", List.of("g1"), "f"));
        g.addNode(node("Gemm", "fc", List.of("f", "wg", "bg"), "out").toBuilder()
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setI(1)
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)).build());
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
    }

    private TensorProto weight(String name, boolean positive, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) {
            float v = (float) random.nextGaussian() * 0.5f;
            t.addFloatData(positive ? Math.abs(v) + 0.5f : v);
        }
        return t.build();
    }

    private static Map<String, List<Long>> dims(ModelProto model) {
        Map<String, List<Long>> out = new HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> out.put(t.getName(), t.getDimsList()));
        return out;
    }
}
