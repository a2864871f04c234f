package dev.mcs.worker.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxDetailsReaderTest {

    @Test
    void nodesOfTheRewrittenTypesAreNamedAsExcludeNodesTakesThemAndOtherNodesAreNot() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .addNode(node("proj", "MatMul", "a"))
                .addNode(node("", "MatMul", "unnamed_out"))
                .addNode(node("act", "Relu", "b"))
                .addNode(node("lookup", "Gather", "c"))
                .addNode(node("fused", "MatMul", "d").setDomain("com.microsoft"))
                .build();

        OnnxDetails details = OnnxDetailsReader.read(OnnxMl.ModelProto.newBuilder().setGraph(graph).build());

        assertThat(details.nodeNamesByOpType()).containsExactly(
                java.util.Map.entry("Gather", List.of("lookup")),
                java.util.Map.entry("MatMul", List.of("proj", "unnamed_out")));
    }

    @Test
    void aGraphWithMoreNamedNodesThanTheCapKeepsNoNamesButStillCountsThem() {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
        for (int i = 0; i <= OnnxDetails.MAX_NAMED_NODES; i++) {
            graph.addNode(node("/layer." + i + "/MatMul", "MatMul", "y" + i));
        }

        OnnxDetails details = OnnxDetailsReader.read(OnnxMl.ModelProto.newBuilder().setGraph(graph).build());

        assertThat(details.nodeNamesByOpType()).isNull();
        assertThat(details.nodeCountByOpType()).containsEntry("MatMul", OnnxDetails.MAX_NAMED_NODES + 1);
    }

    private static OnnxMl.NodeProto.Builder node(String name, String opType, String output) {
        return OnnxMl.NodeProto.newBuilder().setName(name).setOpType(opType).addInput("x").addOutput(output);
    }
}
