package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The units a penalty sees, and the cut of the ones it zeroed, on the digits CNN. */
class UnitGroupsTest {

    @Test
    void everySliceOfAUnitIsNamedTheProducersRowsItsBiasAndTheReadersColumns() throws Exception {
        ModelProto cnn = OnnxModelFile.read(Fixtures.CNN_ONNX).proto();

        List<UnitGroups.Group> groups = UnitGroups.of(cnn, List.of("channels", "ffn"));

        assertThat(groups).extracting(UnitGroups.Group::kind).containsExactly("channels", "channels", "ffn");
        assertThat(groups.get(0).units()).isEqualTo(8);
        assertThat(groups.get(0).slices()).as("conv1's weight and bias by output, conv2's weight by input")
                .extracting(UnitGroups.Slice::axis).contains(0, 1);
    }

    @Test
    void withResidualStreamsJoinedAZeroedStreamChannelLeavesEveryWriterAndTheOutputsDoNotChange() throws Exception {
        ModelProto resnet = AliasedInitializers.copied(OnnxModelFile.read(Fixtures.DIR.resolve("digits_resnet.onnx"))
                .proto());
        UnitGroups.Group stream = UnitGroups.of(resnet, List.of("channels"), true).stream()
                .filter(g -> g.node().equals("/stem/stem.0/Conv")).findFirst().orElseThrow();
        ModelProto zeroed = zeroUnit(resnet, stream, 2);

        UnitGroups.Removal removal = UnitGroups.removeNegligible(zeroed, List.of("channels"), true, 1e-6);

        assertThat(removal.groups()).filteredOn(g -> g.node().equals(stream.node())).singleElement()
                .satisfies(g -> assertThat(g.kept()).isEqualTo(15)).satisfies(g -> assertThat(g.joined()).isEqualTo(2));
        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(zeroed), GraphSurgeryTest.run(removal.model())))
                .isLessThan(1e-5f);
    }

    @Test
    void aUnitWhoseWeightsAreAllZeroIsCutAndTheOutputsDoNotChange() throws Exception {
        ModelProto cnn = OnnxModelFile.read(Fixtures.CNN_ONNX).proto();
        UnitGroups.Group first = UnitGroups.of(cnn, List.of("channels")).get(0);
        ModelProto zeroed = zeroUnit(cnn, first, 3);

        UnitGroups.Removal removal = UnitGroups.removeNegligible(zeroed, List.of("channels"), 1e-6);

        assertThat(removal.groups().get(0).kept()).isEqualTo(7);
        assertThat(removal.groups().get(1).kept()).as("nothing zero there").isEqualTo(16);
        assertThat(removal.zeroed()).containsEntry(first.node(), 1);
        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(zeroed), GraphSurgeryTest.run(removal.model())))
                .isLessThan(1e-5f);
        assertThat(GraphSurgeryTest.maxDifference(GraphSurgeryTest.run(cnn), GraphSurgeryTest.run(zeroed)))
                .as("the zeroed unit mattered before it was zeroed").isGreaterThan(0f);
    }

    private static ModelProto zeroUnit(ModelProto model, UnitGroups.Group group, int unit) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            for (UnitGroups.Slice slice : group.slices()) {
                if (slice.initializer().equals(t.getName())) {
                    t = zeroed(t, slice, unit);
                }
            }
            g.setInitializer(i, t);
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static TensorProto zeroed(TensorProto t, UnitGroups.Slice slice, int unit) {
        long[] dims = Weights.dims(t);
        float[] v = Weights.values(t);
        int inner = Slices.inner(dims, slice.axis());
        int len = (int) dims[slice.axis()];
        for (int i = 0; i < v.length; i++) {
            if ((i / inner) % len / slice.block() == unit) {
                v[i] = 0f;
            }
        }
        return Weights.with(t, v);
    }
}
