package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

class OperatorCoverageTest {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;

    @Test
    void aModelWithUnsupportedOperatorsIsRefusedNamingEveryOneOfThem() {
        GraphBuilder g = new GraphBuilder(1).input("x", FLOAT, -1, 4).weights("w", 0, 1, 4, 4);
        g.node("MatMul", "x,w", "y").node("TopK", "y,k", "top").node("ConvTranspose", "y,w", "big").node("TopK", "big,k", "top2");
        OnnxMl.ModelProto model = g.output("top", -1, 4).model(13);
        OnnxMl.ModelProto withCustom = model.toBuilder().setGraph(model.getGraph().toBuilder().addNode(
                OnnxMl.NodeProto.newBuilder().setOpType("Attention").setDomain("com.microsoft").addInput("y").addOutput("a")))
                .build();

        try (NDManager manager = Executors.torch()) {
            assertThatThrownBy(() -> TrainableOnnxModel.load(withCustom, manager))
                    .isInstanceOf(UnsupportedOperatorsException.class)
                    .hasMessage("the model uses operators the trainable ONNX executor does not support:"
                            + " ConvTranspose, TopK, com.microsoft:Attention")
                    .extracting(e -> ((UnsupportedOperatorsException) e).operators())
                    .asList().containsExactly("ConvTranspose", "TopK", "com.microsoft:Attention");
        }
    }

    @Test
    void theRegistryCoversWhatExportersEmitForMlpsCnnsAndEncoders() {
        assertThat(OperatorRegistry.supportedTypes()).contains("Gemm", "Relu", "Conv", "BatchNormalization", "MaxPool",
                "AveragePool", "GlobalAveragePool", "Clip", "HardSwish", "Sigmoid", "Flatten", "Reshape", "Concat", "Pad",
                "Gather", "MatMul", "LayerNormalization", "ReduceMean", "Pow", "Sqrt", "Div", "Softmax", "Erf", "Gelu",
                "Tanh", "Transpose", "Shape", "Slice", "Unsqueeze", "Squeeze", "Expand", "Where", "Cast",
                "ConstantOfShape", "Constant", "Equal", "Resize");
    }
}
