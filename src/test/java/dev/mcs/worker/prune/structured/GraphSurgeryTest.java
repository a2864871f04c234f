package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.prune.onnx.Graph;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The graph surgery of {@code structured} on the digits CNN fixture, checked in ONNX Runtime. */
class GraphSurgeryTest {

    private static final int BATCH = 4;

    @Test
    void cutting_every_group_while_keeping_all_units_leaves_the_outputs_as_they_were() throws Exception {
        ModelProto original = OnnxModelFile.read(Fixtures.CNN_ONNX).proto();
        Graph graph = new Graph(original.getGraph());
        GroupFinder finder = new GroupFinder(graph);
        List<PrunableGroup> groups = finder.find(Set.of("channels", "ffn"));
        Map<PrunableGroup, int[]> all = new LinkedHashMap<>();
        groups.forEach(g -> all.put(g, IntStream.range(0, g.units()).toArray()));

        ModelProto same = GraphCutter.cut(original, graph, all, null);

        assertThat(groups).as("left alone: %s", finder.skipped()).extracting(PrunableGroup::kind).containsExactly("channels", "channels", "ffn");
        assertThat(maxDifference(run(original), run(same))).isLessThan(1e-5f);
    }

    @Test
    void removing_half_the_channels_halves_every_tensor_that_holds_them_and_the_graph_still_runs() throws Exception {
        ModelProto original = OnnxModelFile.read(Fixtures.CNN_ONNX).proto();
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), "magnitude", null)
                .withDefaults();

        StructuredPruner.Outcome outcome = StructuredPruner.prune(original, params, null);

        List<Integer> kept = outcome.groups().stream().map(StructuredPruner.GroupResult::kept).toList();
        assertThat(kept).as("ranked globally: half of the 24 channels go").hasSize(2)
                .allSatisfy(k -> assertThat(k).isPositive());
        assertThat(kept.get(1)).as("the 16-channel group keeps a multiple of 8 (ChannelAlignment)").isEqualTo(8);
        assertThat(kept.get(0) + kept.get(1)).as("about half: the 8-channel group is not rounded").isBetween(10, 14);
        long first = kept.get(0);
        long second = kept.get(1);
        assertThat(dims(outcome.model()).values()).contains(List.of(first, 1L, 3L, 3L), List.of(first),
                List.of(second, first, 3L, 3L), List.of(second), List.of(32L, second * 16));
        float[] logits = run(outcome.model());
        assertThat(logits).hasSize(BATCH * 10);
        assertThat(maxDifference(run(original), logits)).as("pruning changes the function").isGreaterThan(0f);
    }

    @Test
    void a_graph_without_the_asked_kind_fails_saying_why_each_candidate_was_left_alone() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        StructuredParams channels = new StructuredParams("structured", 0.5, List.of("channels"), "magnitude", null)
                .withDefaults();
        StructuredParams ffn = new StructuredParams("structured", 0.5, List.of("ffn"), "magnitude", null)
                .withDefaults();

        assertThatThrownBy(() -> StructuredPruner.prune(mlp, channels, null))
                .isInstanceOf(StructuredPruner.NothingToPrune.class).hasMessageContaining("no prunable group");
        StructuredPruner.Outcome outcome = StructuredPruner.prune(mlp, ffn, null);
        assertThat(outcome.skipped()).anySatisfy(reason -> assertThat(reason).contains("graph output"));
    }

    private static Map<String, List<Long>> dims(ModelProto model) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            out.put(t.getName(), t.getDimsList());
        }
        return out;
    }

    static float[] run(ModelProto model) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] input = new float[BATCH * 64];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(model.toByteArray(), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {BATCH, 1, 8, 8});
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
