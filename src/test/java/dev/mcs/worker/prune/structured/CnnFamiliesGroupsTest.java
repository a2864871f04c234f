package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Graph;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channel groups on the ResNet-style and MobileNet-style digits fixtures (fixtures/generate_cnn_families.py), with
 * BatchNormalization kept ({@code digits_*.onnx}) and folded into the Convs ({@code digits_*_fused.onnx}): the inner
 * channels of each block are cut, the residual streams are left alone with their reason (or, with
 * {@code residualStreams: prune}, each cut as one group of its writers), depthwise Convs follow their input's channels,
 * and the smaller graph runs in ONNX Runtime.
 */
class CnnFamiliesGroupsTest {

    private static final StructuredParams HALF = new StructuredParams("structured", 0.5, List.of("channels"),
            "magnitude", null).withResidualStreams(StructuredParams.KEEP).withDefaults();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_resnet_fused"})
    void in_the_resnet_only_the_inner_channels_of_each_block_are_cut_and_the_residual_streams_stay(String name)
            throws Exception {
        StructuredPruner.Outcome outcome = StructuredPruner.prune(read(name), HALF, null);

        assertThat(outcome.groups()).extracting(StructuredPruner.GroupResult::node, StructuredPruner.GroupResult::units)
                .containsExactly(tuple("/blocks/blocks.0/body/body.0/Conv", 16),
                        tuple("/blocks/blocks.1/body/body.0/Conv", 32));
        assertThat(outcome.skipped()).as("the stem, each block's second conv and the projection shortcut feed a"
                + " residual Add").hasSize(4).allSatisfy(reason -> assertThat(reason).contains("outside the group"));
        assertThat(outcome.skipped()).anySatisfy(reason -> assertThat(reason).startsWith("/stem/stem.0/Conv"))
                .anySatisfy(reason -> assertThat(reason).startsWith("/blocks/blocks.1/shortcut/shortcut.0/Conv"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_mobilenet", "digits_mobilenet_fused"})
    void in_the_mobilenet_each_depthwise_conv_is_cut_with_the_channels_it_reads(String name) throws Exception {
        ModelProto model = read(name);
        GroupFinder finder = new GroupFinder(new Graph(model.getGraph()));

        List<PrunableGroup> groups = finder.find(Set.of("channels"));

        assertThat(groups).extracting(PrunableGroup::units).containsExactly(16, 32, 144);
        assertThat(groups).allSatisfy(g -> assertThat(g.depthwise()).hasSize(1));
        assertThat(finder.skipped()).as("the pointwise conv into the inverted residual and its projection")
                .hasSize(2).allSatisfy(reason -> assertThat(reason).contains("/features/features.15/Add"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_resnet_fused"})
    void with_residual_streams_pruned_each_stream_is_one_group_of_its_writers_and_the_graph_runs(String name)
            throws Exception {
        ModelProto model = read(name);

        StructuredPruner.Outcome kept = StructuredPruner.prune(model, HALF, null);
        StructuredPruner.Outcome outcome = StructuredPruner.prune(model, HALF.withResidualStreams("prune"), null);

        assertThat(outcome.groups()).extracting(StructuredPruner.GroupResult::node, StructuredPruner.GroupResult::units,
                StructuredPruner.GroupResult::joined).containsExactlyInAnyOrder(tuple("/stem/stem.0/Conv", 16, 2),
                tuple("/blocks/blocks.0/body/body.0/Conv", 16, 0), tuple("/blocks/blocks.1/body/body.0/Conv", 32, 0),
                tuple(outcome.groups().stream().filter(g -> g.units() == 32 && g.joined() > 0).findFirst()
                        .orElseThrow().node(), 32, 2));
        assertThat(outcome.skipped()).isEmpty();
        NodeProto gemm = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm"))
                .findFirst().orElseThrow();
        assertThat(dims(outcome.model(), gemm.getInput(1)).get(1)).as("the classifier reads the last stream")
                .isEqualTo(16L);
        assertThat(parameters(outcome.model())).isLessThan(parameters(kept.model()));
        assertThat(GraphSurgeryTest.run(outcome.model())).hasSize(4 * 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"magnitude", "activation", "taylor"})
    void every_criterion_scores_each_channel_of_a_joint_stream_and_the_cut_graph_runs(String criterion)
            throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), criterion, null)
                .withResidualStreams("prune").withDefaults();
        DatasetPart calibration = DatasetPart.whole(Fixtures.CNN_TRAIN);

        StructuredPruner.Scored scored = StructuredPruner.score(read("digits_resnet"), params, calibration);

        List<double[]> streams = scored.scores().entrySet().stream().filter(e -> e.getKey().writers().size() == 2)
                .map(Map.Entry::getValue).toList();
        assertThat(streams).hasSize(2).allSatisfy(s -> {
            assertThat(Arrays.stream(s).distinct().count()).as("no two channels alike").isEqualTo(s.length);
            assertThat(Arrays.stream(s).boxed().toList()).allSatisfy(v -> assertThat(v).isFinite().isPositive());
        });
        assertThat(GraphSurgeryTest.run(StructuredPruner.cut(scored, params, UnitSelection.FLOOR).model()))
                .hasSize(4 * 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_resnet_fused", "digits_mobilenet", "digits_mobilenet_fused"})
    void joined_streams_cut_while_keeping_all_channels_leave_the_logits_as_they_were(String name) throws Exception {
        ModelProto model = AliasedInitializers.copied(read(name));
        Graph graph = new Graph(model.getGraph());
        Map<PrunableGroup, int[]> all = new LinkedHashMap<>();
        new GroupFinder(graph).find(Set.of("channels"), true).forEach(g -> all.put(g, IntStream.range(0, g.units())
                .toArray()));

        ModelProto same = GraphCutter.cut(model, graph, all, null);

        assertThat(all.keySet()).anySatisfy(g -> assertThat(g.writers()).hasSizeGreaterThan(1));
        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(read(name)), GraphSurgeryTest.run(same)))
                .isLessThan(1e-4f);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_resnet_fused", "digits_mobilenet", "digits_mobilenet_fused"})
    void cutting_every_group_while_keeping_all_channels_leaves_the_logits_as_they_were(String name) throws Exception {
        ModelProto model = AliasedInitializers.copied(read(name));
        Graph graph = new Graph(model.getGraph());
        Map<PrunableGroup, int[]> all = new LinkedHashMap<>();
        new GroupFinder(graph).find(Set.of("channels")).forEach(g -> all.put(g, IntStream.range(0, g.units())
                .toArray()));

        ModelProto same = GraphCutter.cut(model, graph, all, null);

        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(read(name)), GraphSurgeryTest.run(same)))
                .isLessThan(1e-4f);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_resnet", "digits_resnet_fused", "digits_mobilenet", "digits_mobilenet_fused"})
    void half_the_channels_go_and_every_tensor_that_holds_them_shrinks_and_the_graph_runs(String name)
            throws Exception {
        ModelProto model = read(name);

        StructuredPruner.Outcome outcome = StructuredPruner.prune(model, HALF, null);

        int before = outcome.groups().stream().mapToInt(StructuredPruner.GroupResult::units).sum();
        int after = outcome.groups().stream().mapToInt(StructuredPruner.GroupResult::kept).sum();
        assertThat(after).isEqualTo(before / 2);
        assertThat(parameters(outcome.model())).isLessThan(parameters(model));
        for (StructuredPruner.GroupResult group : outcome.groups()) {
            NodeProto producer = node(outcome.model(), group.node());
            assertThat(dims(outcome.model(), producer.getInput(1)).get(0)).isEqualTo((long) group.kept());
        }
        assertThat(GraphSurgeryTest.run(outcome.model())).hasSize(4 * 10);
    }

    @Test
    void a_depthwise_conv_after_a_cut_has_the_kept_count_as_its_group_and_its_weight() throws Exception {
        StructuredPruner.Outcome outcome = StructuredPruner.prune(read("digits_mobilenet"), HALF, null);

        for (String depthwise : List.of("/features/features.3/Conv", "/features/features.9/Conv",
                "/features/features.15/body/body.3/Conv")) {
            NodeProto node = node(outcome.model(), depthwise);
            long group = Graph.intAttribute(node, "group", 1);
            assertThat(dims(outcome.model(), node.getInput(1))).containsExactly(group, 1L, 3L, 3L);
        }
        assertThat(Graph.intAttribute(node(outcome.model(), "/features/features.15/body/body.3/Conv"), "group", 1))
                .isEqualTo(outcome.groups().get(2).kept());
    }

    @Test
    void an_initializer_the_exporter_aliased_through_identity_gets_a_copy_of_its_own() throws Exception {
        ModelProto model = read("digits_resnet");
        assertThat(model.getGraph().getNodeList()).anySatisfy(n -> assertThat(n.getOpType()).isEqualTo("Identity"));

        ModelProto copied = AliasedInitializers.copied(model);

        assertThat(copied.getGraph().getNodeList()).noneSatisfy(n -> assertThat(n.getOpType()).isEqualTo("Identity"));
        assertThat(copied.getGraph().getInitializerList()).extracting(TensorProto::getName)
                .contains("blocks.1.body.4.bias", "blocks.1.shortcut.1.bias");
        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(model), GraphSurgeryTest.run(copied)))
                .isEqualTo(0f);
    }

    private static ModelProto read(String name) throws Exception {
        return OnnxModelFile.read(Fixtures.DIR.resolve(name + ".onnx")).proto();
    }

    private static NodeProto node(ModelProto model, String name) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private static List<Long> dims(ModelProto model, String initializer) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(initializer))
                .findFirst().orElseThrow().getDimsList();
    }

    private static long parameters(ModelProto model) {
        return model.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
    }
}
