package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code magnitude} on a Conv followed by BatchNormalization scores channels as if the BN were folded in. */
class BatchNormScaleTest {

    private static final StructuredParams MAGNITUDE = new StructuredParams("structured", 0.5, List.of("channels"),
            "magnitude", null).withDefaults();

    @Test
    void a_channel_whose_batch_norm_scale_is_near_zero_scores_lowest_however_large_its_conv_weights() throws Exception {
        ModelProto model = OnnxModelFile.read(Fixtures.DIR.resolve("digits_mobilenet.onnx")).proto();
        ModelProto dead = withChannel(model, 5, "features.0.weight", 10f, "features.1.weight", 1e-4f);

        double[] before = StructuredPruner.score(model, MAGNITUDE, null).scores().values().iterator().next();
        double[] after = StructuredPruner.score(dead, MAGNITUDE, null).scores().values().iterator().next();

        assertThat(argMin(after)).as("channel 5's BN multiplies it by ~0").isEqualTo(5);
        assertThat(argMin(before)).isNotEqualTo(5);
    }

    @Test
    void a_conv_without_batch_norm_keeps_its_plain_magnitude() throws Exception {
        ModelProto fused = OnnxModelFile.read(Fixtures.DIR.resolve("digits_mobilenet_fused.onnx")).proto();
        StructuredPruner.Scored scored = StructuredPruner.score(fused, MAGNITUDE, null);

        scored.scores().forEach((group, scores) -> assertThat(scores)
                .containsExactly(UnitSelection.scaledByMean(UnitScores.magnitude(group, scored.graph()))));
    }

    private static ModelProto withChannel(ModelProto model, int channel, String weight, float weightFactor,
            String gamma, float gammaValue) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            float[] v = Weights.values(t);
            if (t.getName().equals(weight)) {
                int per = v.length / (int) t.getDims(0);
                for (int j = channel * per; j < (channel + 1) * per; j++) {
                    v[j] *= weightFactor;
                }
                g.setInitializer(i, Weights.with(t, v));
            } else if (t.getName().equals(gamma)) {
                v[channel] = gammaValue;
                g.setInitializer(i, Weights.with(t, v));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] < values[best] ? i : best;
        }
        return best;
    }
}
