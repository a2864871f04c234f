package dev.mcs.worker.quantize;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Builds small ONNX models in memory for quantizer tests. */
public final class TestModel {

    public static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    public static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("test");
    public long opset = 13;

    /** Dims are numbers or symbolic names such as "batch". */
    public TestModel input(String name, int elemType, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            shape.addDim(d instanceof String s ? dim.setDimParam(s) : dim.setDimValue(((Number) d).longValue()));
        }
        graph.addInput(valueInfo(name, elemType).toBuilder().setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))));
        return this;
    }

    public TestModel output(String name) {
        graph.addOutput(valueInfo(name, FLOAT));
        return this;
    }

    public TestModel weight(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, dims).setRawData(ByteString.copyFrom(bytes)));
        return this;
    }

    public TestModel weightAsFloatData(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = tensor(name, dims);
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return this;
    }

    public TestModel node(String op, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op + "_" + graph.getNodeCount())
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(List.of(attributes)));
        return this;
    }

    public TestModel opset(long version) {
        this.opset = version;
        return this;
    }

    public OnnxMl.ModelProto build() {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("quantizer-test").setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    public Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            build().writeTo(out);
        }
        return file;
    }

    public static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    public static OnnxMl.AttributeProto floatAttr(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    public static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static float[] randomFloats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    public static OnnxMl.ModelProto read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxMl.ModelProto.parseFrom(in);
        }
    }

    public static List<String> opTypes(OnnxMl.GraphProto graph) {
        return graph.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
    }

    public static List<String> initializerNames(OnnxMl.GraphProto graph) {
        return graph.getInitializerList().stream().map(OnnxMl.TensorProto::getName).toList();
    }

    public static OnnxMl.TensorProto initializer(OnnxMl.GraphProto graph, String name) {
        return graph.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int elemType) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType))).build();
    }

    private static OnnxMl.TensorProto.Builder tensor(String name, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }
}
