package dev.mcs.support;

import ai.onnx.proto.OnnxMl;

/** Small hand-built ONNX models for bad-input tests. */
public final class OnnxModels {

    private OnnxModels() {}

    /** A structurally valid model whose only node uses an operator no engine knows. */
    public static byte[] unknownOperator() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("g")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("NoSuchOperator").addInput("x").addOutput("y"))
                .addInput(floatValue("x"))
                .addOutput(floatValue("y"))
                .build();
        return model(graph).toByteArray();
    }

    /** A model whose weight lives in an external file outside its folder. */
    public static byte[] externalData(String location) {
        OnnxMl.TensorProto weight = OnnxMl.TensorProto.newBuilder()
                .setName("w")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(4)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("g")
                .addInitializer(weight)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("w").addOutput("y"))
                .addInput(floatValue("x"))
                .addOutput(floatValue("y"))
                .build();
        return model(graph).toByteArray();
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.ValueInfoProto floatValue(String name) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }
}
