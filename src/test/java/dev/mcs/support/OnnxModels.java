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

    /** A model that adds a constant to its input: it runs, but has no weight any method rewrites. */
    public static byte[] constantAdd() {
        OnnxMl.TensorProto bias = OnnxMl.TensorProto.newBuilder()
                .setName("b")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(4)
                .addFloatData(1f).addFloatData(2f).addFloatData(3f).addFloatData(4f)
                .build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("g")
                .addInitializer(bias)
                .addNode(OnnxMl.NodeProto.newBuilder().setName("shift").setOpType("Add").addInput("x").addInput("b")
                        .addOutput("y"))
                .addInput(floatValue("x"))
                .addOutput(floatValue("y"))
                .build();
        return model(graph).toByteArray();
    }

    /** Integer arithmetic: adds an int64 constant to an int64 input; no float tensor anywhere. */
    public static byte[] integerAdd() {
        OnnxMl.TensorProto offset = OnnxMl.TensorProto.newBuilder()
                .setName("b")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(4)
                .addInt64Data(1).addInt64Data(2).addInt64Data(3).addInt64Data(4)
                .build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("g")
                .addInitializer(offset)
                .addNode(OnnxMl.NodeProto.newBuilder().setName("shift").setOpType("Add").addInput("x").addInput("b")
                        .addOutput("y"))
                .addInput(value("x", OnnxMl.TensorProto.DataType.INT64, 4))
                .addOutput(value("y", OnnxMl.TensorProto.DataType.INT64, 4))
                .build();
        return model(graph).toByteArray();
    }

    /**
     * A model of a few hundred bytes over one very wide input: ReduceMean to {@code [1, 1]}, then a MatMul
     * with a constant {@code [1, 4]} weight, which dynamic_int8 quantizes. Every synthetic input sample a
     * worker builds for it holds {@code width} floats on the worker's heap.
     */
    public static byte[] wideInput(int width) {
        OnnxMl.TensorProto weight = OnnxMl.TensorProto.newBuilder()
                .setName("w")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(1).addDims(4)
                .addFloatData(0.1f).addFloatData(0.2f).addFloatData(0.3f).addFloatData(0.4f)
                .build();
        OnnxMl.AttributeProto axes = OnnxMl.AttributeProto.newBuilder()
                .setName("axes").setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("g")
                .addInitializer(weight)
                .addNode(OnnxMl.NodeProto.newBuilder().setName("mean").setOpType("ReduceMean").addInput("x")
                        .addOutput("m").addAttribute(axes))
                .addNode(OnnxMl.NodeProto.newBuilder().setName("project").setOpType("MatMul").addInput("m")
                        .addInput("w").addOutput("y"))
                .addInput(floatValue("x", 1, width))
                .addOutput(floatValue("y", 1, 4))
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
        return floatValue(name, 4);
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, long... dims) {
        return value(name, OnnxMl.TensorProto.DataType.FLOAT, dims);
    }

    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
                .build();
    }
}
