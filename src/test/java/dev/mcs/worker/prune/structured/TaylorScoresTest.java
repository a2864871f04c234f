package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaylorScoresTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private static StructuredParams taylor(List<String> kinds) {
        return new StructuredParams("structured", 0.5, kinds, "taylor", null).withDefaults();
    }

    @Test
    void withLabelsEveryChannelGetsAFiniteNonNegativeScoreAndTheScoresDiffer() throws Exception {
        ModelProto cnn = OnnxModelFile.read(FIXTURES.resolve("digits_cnn.onnx")).proto();

        StructuredPruner.Scored scored = StructuredPruner.score(cnn, taylor(List.of("channels")),
                DatasetPart.whole(FIXTURES.resolve("digits_cnn_train.npz")));

        assertThat(scored.scores()).hasSize(2).allSatisfy((group, s) -> {
            assertThat(s).hasSize(group.units());
            assertThat(Arrays.stream(s).boxed().toList()).allSatisfy(v -> assertThat(v).isFinite().isNotNegative());
            assertThat(Arrays.stream(s).distinct().count()).as("a constant score would rank nothing").isGreaterThan(1);
        });
        assertThat(scored.stats()).as("no refit statistics: taylor scores only").isNull();
    }

    @Test
    void withoutLabelsAUnitWhoseWeightsAreAllZeroScoresZeroAndTheOthersDoNot() throws Exception {
        ModelProto encoder = OnnxModelFile.read(FIXTURES.resolve("tiny_encoder.onnx")).proto();
        DatasetPart unlabelled = DatasetPart.whole(FIXTURES.resolve("tiny_encoder_train.npz"));
        PrunableGroup ffn = StructuredPruner.score(encoder, taylor(List.of("ffn")), unlabelled).scores().keySet()
                .iterator().next();

        StructuredPruner.Scored scored = StructuredPruner.score(withUnitZeroed(encoder, ffn, 0),
                taylor(List.of("ffn", "heads")), unlabelled);

        double[] zeroed = scored.scores().entrySet().stream().filter(e -> e.getKey().name().equals(ffn.name()))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(zeroed[0]).isZero();
        assertThat(zeroed).containsOnlyOnce(0.0);
        assertThat(scored.scores().keySet()).extracting(PrunableGroup::kind).contains("ffn", "heads");
        assertThat(scored.scores().values().stream().flatMapToDouble(Arrays::stream).boxed().toList())
                .allSatisfy(v -> assertThat(v).isFinite());
    }

    /** The graph with {@code unit} of {@code group} set to zero in every initializer that holds it. */
    private static ModelProto withUnitZeroed(ModelProto model, PrunableGroup group, int unit) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto t = graph.getInitializer(i);
            for (Cut cut : group.cuts()) {
                if (cut.initializer().equals(t.getName())) {
                    t = zeroed(t, cut, unit);
                }
            }
            graph.setInitializer(i, t);
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static TensorProto zeroed(TensorProto t, Cut cut, int unit) {
        long[] dims = Weights.dims(t);
        float[] v = Weights.values(t);
        int len = (int) dims[cut.axis()];
        int inner = Slices.inner(dims, cut.axis());
        for (int i = 0; i < v.length; i++) {
            if ((i / inner) % len / cut.block() == unit) {
                v[i] = 0;
            }
        }
        return Weights.with(t, v);
    }
}
