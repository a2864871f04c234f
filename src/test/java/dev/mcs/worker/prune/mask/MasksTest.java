package dev.mcs.worker.prune.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.WandaParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The masks of {@code magnitude} and {@code wanda} on the digits MLP: the sparsity asked for, in the pattern. */
class MasksTest {

    @Test
    void a_wanda_refit_measured_one_layer_per_pass_equals_the_one_measured_in_a_single_pass() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        WandaParams params = new WandaParams("wanda", 0.5, null, null, true, null).withDefaults();
        DatasetPart calibration = DatasetPart.calibrationPart(Fixtures.MLP_HOLDOUT);

        MaskedModel onePass = WandaMasks.prune(mlp, params, calibration, 256, Long.MAX_VALUE);
        MaskedModel perLayer = WandaMasks.prune(mlp, params, calibration, 256, 1);

        assertThat(onePass.masks()).hasSize(3);
        assertThat(perLayer.model()).isEqualTo(onePass.model());
        assertThat(perLayer.model()).isNotEqualTo(Masks.apply(mlp, onePass.masks()));
    }

    @Test
    void layers_that_read_one_input_share_a_calibration_pass_and_the_budget_splits_the_others() {
        WandaMasks.Layer q = layer("hidden", "q");
        WandaMasks.Layer k = layer("hidden", "k");
        WandaMasks.Layer v = layer("hidden", "v");
        WandaMasks.Layer out = layer("context", "o");

        long oneMatrix = 8L * 4 * 4;
        assertThat(WandaMasks.chunks(List.of(q, k, v, out), oneMatrix)).containsExactly(List.of(q, k, v), List.of(out));
        assertThat(WandaMasks.chunks(List.of(q, k, v, out), 2 * oneMatrix)).containsExactly(List.of(q, k, v, out));
    }

    /** A MatMul reading {@code input} with a [4, 8] weight named {@code weight}. */
    private static WandaMasks.Layer layer(String input, String weight) {
        return new WandaMasks.Layer(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput(input)
                .addInput(weight).build(), OnnxMl.TensorProto.newBuilder().setName(weight).addDims(4).addDims(8).build(),
                false);
    }

    @Test
    void layer_scope_zeroes_the_asked_share_of_every_selected_weight_and_keeps_the_largest() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();

        Map<String, boolean[]> masks = MagnitudeMasks.masks(mlp, params(0.3, "layer"));

        assertThat(masks).hasSize(3);
        for (OnnxMl.TensorProto t : mlp.getGraph().getInitializerList()) {
            boolean[] keep = masks.get(t.getName());
            if (keep == null) {
                continue;
            }
            float[] w = Weights.values(t);
            assertThat(dropped(keep)).isEqualTo((int) (0.3 * w.length));
            float largestDropped = 0;
            float smallestKept = Float.MAX_VALUE;
            for (int i = 0; i < w.length; i++) {
                if (keep[i]) {
                    smallestKept = Math.min(smallestKept, Math.abs(w[i]));
                } else {
                    largestDropped = Math.max(largestDropped, Math.abs(w[i]));
                }
            }
            assertThat(largestDropped).isLessThanOrEqualTo(smallestKept);
        }
    }

    @Test
    void global_scope_reaches_the_share_over_all_weights_together_and_layers_differ() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();

        Map<String, boolean[]> masks = MagnitudeMasks.masks(mlp, params(0.5, "global"));

        int total = masks.values().stream().mapToInt(m -> m.length).sum();
        int dropped = masks.values().stream().mapToInt(MasksTest::dropped).sum();
        assertThat(dropped).isEqualTo(total / 2);
        assertThat(masks.values().stream().map(m -> (double) dropped(m) / m.length).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void wanda_two_of_four_keeps_exactly_two_weights_in_every_four_consecutive_inputs() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        WandaParams params = new WandaParams("wanda", null, "2:4", null, null, null).withDefaults();

        Map<String, boolean[]> masks = WandaMasks.masks(mlp, params, DatasetPart.whole(Fixtures.MLP_HOLDOUT));

        for (OnnxMl.TensorProto t : mlp.getGraph().getInitializerList()) {
            boolean[] keep = masks.get(t.getName());
            if (keep != null) {
                // Gemm with transB: [outputs, inputs], so four consecutive inputs are four consecutive entries.
                for (int from = 0; from < keep.length; from += 4) {
                    int kept = 0;
                    for (int k = 0; k < 4; k++) {
                        kept += keep[from + k] ? 1 : 0;
                    }
                    assertThat(kept).isEqualTo(2);
                }
            }
        }
        assertThat(masks).hasSize(3);
    }

    @Test
    void wanda_four_of_eight_on_a_layer_whose_input_size_is_not_a_multiple_of_eight_names_the_layer() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        WandaParams params = new WandaParams("wanda", null, "4:8", null, null, null).withDefaults();
        // The MLP's inputs are 64, 64 and 32: keep 4:8 valid there, then check a 6-input layer is refused.
        ModelProto odd = withFirstWeightInputs(mlp, 6);

        assertThatThrownBy(() -> WandaMasks.masks(odd, params, DatasetPart.whole(Fixtures.MLP_HOLDOUT)))
                .isInstanceOf(WandaMasks.PatternMismatch.class).hasMessageContaining("multiple of 8")
                .hasMessageContaining("6 inputs");
    }

    @Test
    void an_unnamed_node_is_excluded_by_its_first_output_as_submission_accepts_it_and_a_named_one_by_its_name()
            throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        OnnxMl.GraphProto.Builder g = mlp.getGraph().toBuilder();
        String named = g.getNode(lastGemm(g)).getName();
        assertThat(named).as("the export names its nodes").isNotEmpty();
        g.setNode(firstGemm(g), g.getNode(firstGemm(g)).toBuilder().clearName());
        String output = g.getNode(firstGemm(g)).getOutput(0);
        ModelProto unnamed = mlp.toBuilder().setGraph(g).build();
        String firstWeight = g.getNode(firstGemm(g)).getInput(1);
        String lastWeight = g.getNode(lastGemm(g)).getInput(1);

        Map<String, boolean[]> magnitude = MagnitudeMasks.masks(unnamed, new MagnitudeParams("magnitude", 0.5, null,
                null, List.of(output, named), null).withDefaults());
        Map<String, boolean[]> wanda = WandaMasks.masks(unnamed, new WandaParams("wanda", 0.5, null,
                List.of(output, named), null, null).withDefaults(), DatasetPart.whole(Fixtures.MLP_HOLDOUT));

        assertThat(magnitude).hasSize(1).doesNotContainKeys(firstWeight, lastWeight);
        assertThat(wanda).hasSize(1).doesNotContainKeys(firstWeight, lastWeight);
    }

    private static int firstGemm(OnnxMl.GraphProto.Builder g) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Gemm")) {
                return i;
            }
        }
        throw new AssertionError("no Gemm");
    }

    private static int lastGemm(OnnxMl.GraphProto.Builder g) {
        for (int i = g.getNodeCount() - 1; i >= 0; i--) {
            if (g.getNode(i).getOpType().equals("Gemm")) {
                return i;
            }
        }
        throw new AssertionError("no Gemm");
    }

    private static ModelProto withFirstWeightInputs(ModelProto model, int inputs) {
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            if (t.getDimsCount() == 2) {
                g.setInitializer(i, Weights.with(t, new float[(int) t.getDims(0) * inputs], t.getDims(0), inputs));
                break;
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static MagnitudeParams params(double sparsity, String scope) {
        return new MagnitudeParams("magnitude", sparsity, scope, null, null, null).withDefaults();
    }

    private static int dropped(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 0 : 1;
        }
        return n;
    }

}
