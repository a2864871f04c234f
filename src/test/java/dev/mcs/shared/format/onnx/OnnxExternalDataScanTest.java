package dev.mcs.shared.format.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** ONNX Runtime follows external-data paths anywhere, so the scanner must find every one of them. */
class OnnxExternalDataScanTest {

    @Test
    void anInitializerWithExternalDataIsReported() throws IOException {
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("big_weight")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addDims(1000)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", "../../etc/passwd")).build();
        OnnxMl.ModelProto model = OnnxStructureScannerTest.smallModel().toBuilder()
                .setGraph(OnnxStructureScannerTest.smallModel().getGraph().toBuilder().addInitializer(external)).build();

        OnnxScan scan = OnnxStructureScanner.scan(new ByteArrayInputStream(model.toByteArray()));

        assertThat(scan.externalData()).isTrue();
        assertThat(scan.externalDataTensors()).containsExactly("big_weight");
    }

    @Test
    void externalDataInsideAnIfBranchIsFound() throws IOException {
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("branch_weight")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addDims(4)
                .addExternalData(entry("location", "weights.bin")).build();
        OnnxMl.GraphProto branch = OnnxMl.GraphProto.newBuilder().setName("then").addInitializer(external).build();
        OnnxMl.NodeProto ifNode = OnnxMl.NodeProto.newBuilder().setOpType("If").addInput("cond").addOutput("y")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch")
                        .setType(OnnxMl.AttributeProto.AttributeType.GRAPH).setG(branch)).build();
        OnnxMl.ModelProto model = OnnxStructureScannerTest.smallModel().toBuilder()
                .setGraph(OnnxStructureScannerTest.smallModel().getGraph().toBuilder().addNode(ifNode)).build();

        assertThat(OnnxStructureScanner.scan(new ByteArrayInputStream(model.toByteArray())).externalDataTensors()).containsExactly("branch_weight");
    }

    @Test
    void subgraphsNestedTooDeeplyAreRefused() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("leaf").build();
        for (int depth = 0; depth < GraphWalker.MAX_GRAPH_DEPTH + 2; depth++) {
            OnnxMl.NodeProto node = OnnxMl.NodeProto.newBuilder().setOpType("If").addAttribute(
                    OnnxMl.AttributeProto.newBuilder().setName("then_branch").setG(graph)).build();
            graph = OnnxMl.GraphProto.newBuilder().setName("level" + depth).addNode(node).build();
        }
        byte[] bytes = OnnxStructureScannerTest.smallModel().toBuilder().setGraph(graph).build().toByteArray();

        assertThatThrownBy(() -> OnnxStructureScanner.scan(new ByteArrayInputStream(bytes))).hasMessageContaining("nested deeper than");
    }

    @Test
    void aConstantNodeTensorInAFunctionWithExternalDataIsFound() throws IOException {
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("constant_value")
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL).build();
        OnnxMl.NodeProto constant = OnnxMl.NodeProto.newBuilder().setOpType("Constant").addOutput("c")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value").setT(external)).build();
        OnnxMl.ModelProto model = OnnxStructureScannerTest.smallModel().toBuilder()
                .addFunctions(OnnxMl.FunctionProto.newBuilder().setName("f").setDomain("local").addNode(constant))
                .build();

        OnnxScan scan = OnnxStructureScanner.scan(new ByteArrayInputStream(model.toByteArray()));

        assertThat(scan.externalDataTensors()).containsExactly("constant_value");
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
