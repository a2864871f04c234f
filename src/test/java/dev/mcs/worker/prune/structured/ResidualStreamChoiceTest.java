package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code residualStreams: auto} (the default): the streams stay when keeping them already removes the channels' share
 * of the parameters, and are joined when it does not.
 */
class ResidualStreamChoiceTest {

    private static final List<String> NETS = List.of("digits_resnet", "digits_resnet_fused", "digits_mobilenet",
            "digits_mobilenet_fused", "digits_mobilenetv2", "digits_vgg", "digits_cnn");
    private static final DatasetPart DATA = DatasetPart.whole(Fixtures.CNN_TRAIN);

    @Test
    void auto_gives_the_kept_streams_cut_when_it_reaches_the_share_and_the_joined_cut_otherwise() throws Exception {
        List<String> joined = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String net : NETS) {
            for (double sparsity : new double[] {0.3, 0.5}) {
                ModelProto model = OnnxModelFile.read(Fixtures.DIR.resolve(net + ".onnx")).proto();
                StructuredPruner.Outcome auto = StructuredPruner.prune(model, params(sparsity, null), DATA);
                StructuredPruner.Outcome keep = StructuredPruner.prune(model, params(sparsity, "keep"), DATA);
                StructuredPruner.Outcome prune = StructuredPruner.prune(model, params(sparsity, "prune"), DATA);
                boolean reachesShare = StructuredPruner.parameters(keep.model())
                        <= (1 - sparsity) * StructuredPruner.parameters(model);
                String label = net + " at " + sparsity;

                assertThat(auto.model()).as(label).isEqualTo(reachesShare ? keep.model() : prune.model());
                assertThat(auto.groups()).as(label).isEqualTo(reachesShare ? keep.groups() : prune.groups());
                (auto.groups().stream().anyMatch(g -> g.joined() > 0) ? joined : kept).add(label);
            }
        }
        assertThat(joined).as("nets whose streams were joined").contains("digits_resnet at 0.5",
                "digits_mobilenetv2 at 0.5");
        assertThat(kept).as("nets left with their streams or without any").contains("digits_vgg at 0.5",
                "digits_cnn at 0.5").anyMatch(label -> label.startsWith("digits_mobilenet"));
    }

    private static StructuredParams params(double sparsity, String streams) {
        return new StructuredParams("structured", sparsity, List.of("channels"), "activation", null)
                .withResidualStreams(streams).withDefaults();
    }
}
