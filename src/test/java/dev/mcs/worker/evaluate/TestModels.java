package dev.mcs.worker.evaluate;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.mcs.worker.engine.OrtRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Fixture paths and small ONNX models built with the protobuf classes, for tests of both worker packages. */
public final class TestModels {

    static {
        // Tests may touch DJL before any production code does; it must never try to download.
        OrtRuntime.preferOfflineEngines();
    }

    private TestModels() {}

    public static Path fixture(String name) {
        try {
            return Path.of(TestModels.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** A copy of an ONNX model whose float weights carry multiplicative noise of the given relative size. */
    public static Path perturbed(Path source, Path target, double relativeNoise, long seed) throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(source));
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Random random = new Random(seed);
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto tensor = graph.getInitializer(i);
            if (tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                float[] values = floats(tensor);
                for (int j = 0; j < values.length; j++) {
                    values[j] *= (float) (1 + relativeNoise * random.nextGaussian());
                }
                graph.setInitializer(i, tensor.toBuilder().clearFloatData().setRawData(rawFloats(values)));
            }
        }
        return write(model.toBuilder().setGraph(graph).build(), target);
    }

    /** Y = X · W with W [2, 2] stored outside the file at {@code location}. */
    public static Path withExternalWeights(Path target, String location) {
        TensorProto weights = TensorProto.newBuilder().setName("W").addDims(2).addDims(2)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("16"))
                .build();
        GraphProto graph = GraphProto.newBuilder().setName("external")
                .addInput(tensor("X", TensorProto.DataType.FLOAT_VALUE, "batch", "2"))
                .addOutput(tensor("Y", TensorProto.DataType.FLOAT_VALUE, "batch", "2"))
                .addInitializer(weights)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("X").addInput("W").addOutput("Y"))
                .build();
        return write(model(graph), target);
    }

    /** Transformer-style int64 inputs; the output is their element-wise sum, so it echoes what was fed. */
    public static Path tokenInputs(Path target) {
        int int64 = TensorProto.DataType.INT64_VALUE;
        GraphProto graph = GraphProto.newBuilder().setName("tokens")
                .addInput(tensor("input_ids", int64, "batch", "sequence"))
                .addInput(tensor("attention_mask", int64, "batch", "sequence"))
                .addInput(tensor("token_type_ids", int64, "batch", "sequence"))
                .addOutput(tensor("sum", int64, "batch", "sequence"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("input_ids").addInput("attention_mask").addOutput("partial"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("partial").addInput("token_type_ids").addOutput("sum"))
                .build();
        return write(model(graph), target);
    }

    /** Loads fine but cannot run on synthetic inputs: it reshapes [1, 8] into 3 elements. */
    public static Path failsAtRunTime(Path target) {
        TensorProto shape = TensorProto.newBuilder().setName("shape").addDims(1)
                .setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(3).build();
        GraphProto graph = GraphProto.newBuilder().setName("bad-reshape")
                .addInput(tensor("X", TensorProto.DataType.FLOAT_VALUE, "batch", "n"))
                .addOutput(tensor("Y", TensorProto.DataType.FLOAT_VALUE, "three"))
                .addInitializer(shape)
                .addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("X").addInput("shape").addOutput("Y"))
                .build();
        return write(model(graph), target);
    }

    private static ModelProto model(GraphProto graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("mcs-tests").setProducerVersion("1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build();
    }

    /** A tensor value; dims that parse as numbers are static, others symbolic. */
    private static ValueInfoProto tensor(String name, int elementType, String... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String dim : dims) {
            shape.addDim(dim.chars().allMatch(Character::isDigit)
                    ? TensorShapeProto.Dimension.newBuilder().setDimValue(Long.parseLong(dim))
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
        }
        TypeProto.Tensor type = TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(type)).build();
    }

    private static float[] floats(TensorProto tensor) {
        if (tensor.getRawData().isEmpty()) {
            float[] values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
            return values;
        }
        FloatBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static ByteString rawFloats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return ByteString.copyFrom(bytes.array());
    }

    private static Path write(ModelProto model, Path target) {
        try {
            Files.write(target, model.toByteArray());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
