package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.OnnxModelFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelAlignmentTest {

    @Test
    void a_kept_count_goes_to_the_nearest_multiple_within_one_multiple_and_the_group_size() {
        assertThat(ChannelAlignment.target(67, 144, 8)).isEqualTo(64);
        assertThat(ChannelAlignment.target(68, 144, 8)).as("ties go up").isEqualTo(72);
        assertThat(ChannelAlignment.target(21, 32, 8)).isEqualTo(24);
        assertThat(ChannelAlignment.target(3, 16, 8)).isEqualTo(8);
        assertThat(ChannelAlignment.target(15, 20, 8)).isEqualTo(16);
        assertThat(ChannelAlignment.target(19, 20, 8)).as("not above the group").isEqualTo(20);
    }

    @Test
    void units_added_back_are_the_best_removed_and_units_dropped_the_worst_kept() {
        PrunableGroup channels = group("channels", 12);
        double[] score = {5, 9, 1, 7, 3, 8, 2, 6, 4, 0, 10, 11};

        int[] up = ChannelAlignment.aligned(Map.of(channels, new int[] {0, 1, 3, 5, 10, 11}), Map.of(channels, score),
                4).get(channels);
        int[] down = ChannelAlignment.aligned(Map.of(channels, new int[] {0, 1, 3, 5, 10}), Map.of(channels, score),
                4).get(channels);

        assertThat(up).as("6 -> 8: the removed units scored 6 and 4 come back").containsExactly(0, 1, 3, 5, 7, 8, 10,
                11);
        assertThat(down).as("5 -> 4: the kept unit scored 5 goes").containsExactly(1, 3, 5, 10);
    }

    @Test
    void other_kinds_and_groups_of_one_multiple_or_less_keep_their_selection() {
        PrunableGroup ffn = group("ffn", 12);
        PrunableGroup small = group("channels", 8);
        double[] score = new double[12];

        assertThat(ChannelAlignment.aligned(Map.of(ffn, new int[] {1, 2, 3}), Map.of(ffn, score), 8).get(ffn))
                .containsExactly(1, 2, 3);
        assertThat(ChannelAlignment.aligned(Map.of(small, new int[] {1, 2, 3}), Map.of(small, score), 8).get(small))
                .containsExactly(1, 2, 3);
    }

    @Test
    void the_pruned_digits_nets_keep_channel_counts_in_multiples_of_eight() throws Exception {
        for (String name : List.of("digits_resnet", "digits_mobilenet_fused", "digits_cnn_wide")) {
            ModelProto model = OnnxModelFile.read(Fixtures.DIR.resolve(name + ".onnx")).proto();
            StructuredPruner.Outcome outcome = StructuredPruner.prune(model, new StructuredParams("structured", 0.5,
                    List.of("channels"), "magnitude", null).withDefaults(), null);
            assertThat(outcome.groups()).as(name).allSatisfy(g -> assertThat(g.kept() % 8).isZero());
            assertThat(GraphSurgeryTest.run(outcome.model())).hasSize(40);
        }
    }

    private static PrunableGroup group(String kind, int units) {
        return new PrunableGroup(kind, "g", units, new Cut("w", 0, 1), List.of(), List.of(), List.of());
    }
}
