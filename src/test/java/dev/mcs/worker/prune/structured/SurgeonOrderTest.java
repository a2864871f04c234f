package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A reading layer (5 features -> 3 outputs) over calibration samples where feature 2 is the sum of features 0 and 1
 * (plus a little noise): the order must find what a refit can replace, which a variance score cannot see.
 */
class SurgeonOrderTest {

    private static final int FEATURES = 5;
    private static final int OUTPUTS = 3;
    private static final int SAMPLES = 400;

    private final double[][] samples = samples(new Random(5));
    private final float[] weight = {1, -0.5f, 0.5f, 0.5f, 1, -0.5f, 0.6f, -0.6f, -0.53f, -0.6f, 0.6f, 0.7f, 0.7f, 0.6f,
        -0.6f};
    private final PrunableGroup group = new PrunableGroup("ffn", "up", FEATURES, new Cut("up.W", 1, 1),
            List.of(new Cut("up.W", 1, 1), new Cut("w", 0, 1)), List.of(),
            List.of(new Terminal("h", false, new Cut("w", 0, 1), "b")));
    private final Graph graph = new Graph(GraphProto.newBuilder().addInitializer(Weights.with(
            TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE).build(), weight,
            FEATURES, OUTPUTS)).build());
    private final Map<String, FeatureStats.Stats> stats = Map.of("h", stats(samples));

    @Test
    void a_unit_a_refit_can_rebuild_goes_before_the_independent_ones_though_it_varies_most() {
        double[] order = SurgeonOrder.scores(group, graph, stats);
        double[] variance = UnitScores.activation(group, graph, stats);

        assertThat(argmax(variance)).as("the variance score keeps it longest").isEqualTo(2);
        assertThat(order[2]).isLessThan(order[3]).isLessThan(order[4]);
    }

    @Test
    void the_two_lowest_scored_units_are_the_pair_whose_removal_with_a_refit_costs_least() {
        double[] order = SurgeonOrder.scores(group, graph, stats);
        int[] byScore = IntStream.range(0, FEATURES).boxed().sorted((a, b) -> Double.compare(order[a], order[b]))
                .mapToInt(Integer::intValue).toArray();
        double best = Double.POSITIVE_INFINITY;
        for (int a = 0; a < FEATURES; a++) {
            for (int b = a + 1; b < FEATURES; b++) {
                best = Math.min(best, errorWithout(a, b));
            }
        }

        assertThat(errorWithout(byScore[0], byScore[1])).isEqualTo(best);
        assertThat(order[byScore[1]]).as("a running maximum").isGreaterThanOrEqualTo(order[byScore[0]]);
    }

    @Test
    void only_a_group_read_by_one_layer_with_a_bias_and_measured_second_moments_is_ordered() {
        PrunableGroup noBias = new PrunableGroup("ffn", "up", FEATURES, group.producer(), group.cuts(), List.of(),
                List.of(new Terminal("h", false, new Cut("w", 0, 1), null)));
        FeatureStats.Stats means = stats.get("h");

        assertThat(SurgeonOrder.applies(group, stats)).isTrue();
        assertThat(SurgeonOrder.applies(noBias, stats)).isFalse();
        assertThat(SurgeonOrder.applies(group, Map.of("h", new FeatureStats.Stats(means.mean(), means.variance(),
                means.sumSquares(), null)))).isFalse();
    }

    @Test
    void an_encoders_ffn_neurons_are_ranked_in_the_surgeon_order() throws Exception {
        StructuredPruner.Scored scored = StructuredPruner.score(OnnxModelFile.read(Fixtures.TINY_ENCODER).proto(),
                activation(List.of("ffn")), DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN));

        assertThat(scored.scores()).isNotEmpty().allSatisfy((g, scores) -> assertThat(scores)
                .containsExactly(SurgeonOrder.scores(g, scored.graph(), scored.stats())));
    }

    @Test
    void on_a_cnn_the_hidden_gemm_units_take_the_order_and_the_channels_keep_the_variance_score() throws Exception {
        StructuredPruner.Scored scored = StructuredPruner.score(OnnxModelFile.read(Fixtures.CNN_ONNX).proto(),
                activation(List.of("channels", "ffn")), DatasetPart.whole(Fixtures.CNN_TRAIN));

        assertThat(scored.scores().keySet()).extracting(PrunableGroup::kind).contains("channels", "ffn");
        assertThat(scored.scores()).allSatisfy((g, scores) -> assertThat(scores).containsExactly(g.kind().equals("ffn")
                ? SurgeonOrder.scores(g, scored.graph(), scored.stats())
                : UnitSelection.scaledByMean(UnitScores.activation(g, scored.graph(), scored.stats()))));
    }

    private static StructuredParams activation(List<String> groups) {
        return new StructuredParams("structured", 0.25, groups, "activation", null).withDefaults();
    }

    /** Mean squared output error over the samples after removing {@code removed} and refitting the rest. */
    private double errorWithout(int... removed) {
        boolean[] keep = new boolean[FEATURES];
        Arrays.fill(keep, true);
        Arrays.stream(removed).forEach(f -> keep[f] = false);
        float[] w = weight.clone();
        float[] bias = new float[OUTPUTS];
        LeastSquaresRefit.refit(w, 0, FEATURES, OUTPUTS, keep, stats.get("h"), bias);
        double sum = 0;
        for (double[] x : samples) {
            for (int j = 0; j < OUTPUTS; j++) {
                double before = 0;
                double after = bias[j];
                for (int f = 0; f < FEATURES; f++) {
                    before += x[f] * weight[f * OUTPUTS + j];
                    after += keep[f] ? x[f] * w[f * OUTPUTS + j] : 0;
                }
                sum += (before - after) * (before - after);
            }
        }
        return sum / SAMPLES;
    }

    private static double[][] samples(Random random) {
        double[][] x = new double[SAMPLES][FEATURES];
        for (double[] row : x) {
            row[0] = random.nextGaussian();
            row[1] = random.nextGaussian();
            row[2] = row[0] + row[1] + 0.3 * random.nextGaussian();
            row[3] = random.nextGaussian();
            row[4] = 1 + random.nextGaussian();
        }
        return x;
    }

    private static FeatureStats.Stats stats(double[][] x) {
        double[] mean = new double[FEATURES];
        double[] moments = new double[FEATURES * FEATURES];
        double[] squares = new double[FEATURES];
        for (double[] row : x) {
            for (int a = 0; a < FEATURES; a++) {
                mean[a] += row[a] / x.length;
                squares[a] += row[a] * row[a];
                for (int b = 0; b < FEATURES; b++) {
                    moments[a * FEATURES + b] += row[a] * row[b] / x.length;
                }
            }
        }
        double[] variance = new double[FEATURES];
        for (int a = 0; a < FEATURES; a++) {
            variance[a] = moments[a * FEATURES + a] - mean[a] * mean[a];
        }
        return new FeatureStats.Stats(mean, variance, squares, moments);
    }

    private static int argmin(double[] v) {
        return IntStream.range(0, v.length).reduce((a, b) -> v[b] < v[a] ? b : a).orElseThrow();
    }

    private static int argmax(double[] v) {
        return IntStream.range(0, v.length).reduce((a, b) -> v[b] > v[a] ? b : a).orElseThrow();
    }
}
