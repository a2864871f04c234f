package dev.mcs.worker.train.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.mcs.worker.engine.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Random;

/** Small ONNX graphs for tests, written with the protobuf builders: nodes, random weights, typed inputs. */
final class GraphBuilder {

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("test");
    private final Random random;

    GraphBuilder(long seed) {
        this.random = new Random(seed);
    }

    /** An input or output: a dimension of -1 is dynamic (named {@code batch}, {@code seq}…). */
    GraphBuilder input(String name, int elementType, long... dims) {
        graph.addInput(value(name, elementType, dims));
        return this;
    }

    GraphBuilder output(String name, long... dims) {
        graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return this;
    }

    private static OnnxMl.ValueInfoProto value(String name, int elementType, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + i)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape))).build();
    }

    /** Random weights, normal with the given scale around {@code center}. */
    GraphBuilder weights(String name, float center, float scale, long... dims) {
        float[] values = new float[(int) count(dims)];
        for (int i = 0; i < values.length; i++) {
            values[i] = center + scale * (float) random.nextGaussian();
        }
        return floats(name, values, dims);
    }

    GraphBuilder floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT_VALUE, bytes.array(), dims));
        return this;
    }

    GraphBuilder longs(String name, long[] values, long... dims) {
        graph.addInitializer(longTensor(name, values, dims));
        return this;
    }

    static TensorProto longTensor(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return tensor(name, TensorProto.DataType.INT64_VALUE, bytes.array(), dims);
    }

    static TensorProto floatTensor(String name, float value) {
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return tensor(name, TensorProto.DataType.FLOAT_VALUE, bytes.array(), 1);
    }

    private static TensorProto tensor(String name, int type, byte[] data, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(data));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A node; attributes as name/value pairs: Long, Float, String, long[], TensorProto. */
    GraphBuilder node(String op, String[] inputs, String[] outputs, Object... attributes) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op + "_" + graph.getNodeCount());
        for (String i : inputs) {
            n.addInput(i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (int i = 0; i < attributes.length; i += 2) {
            n.addAttribute(attribute((String) attributes[i], attributes[i + 1]));
        }
        graph.addNode(n);
        return this;
    }

    GraphBuilder node(String op, String input, String output, Object... attributes) {
        return node(op, input.split(","), new String[] {output}, attributes);
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Number n && !(value instanceof Float)) {
            return a.setType(AttributeProto.AttributeType.INT).setI(n.longValue()).build();
        } else if (value instanceof Float f) {
            return a.setType(AttributeProto.AttributeType.FLOAT).setF(f).build();
        } else if (value instanceof String s) {
            return a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s)).build();
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long v : ints) {
                a.addInts(v);
            }
            return a.build();
        } else if (value instanceof TensorProto t) {
            return a.setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
        }
        throw new IllegalArgumentException("attribute type " + value.getClass());
    }

    OnnxMl.ModelProto model(long opset) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    HostTensor randomFloats(long... shape) {
        float[] values = new float[(int) count(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new HostTensor(ai.onnxruntime.OnnxJavaType.FLOAT, shape, FloatBuffer.wrap(values));
    }

    static HostTensor longValues(long[] values, long... shape) {
        return new HostTensor(ai.onnxruntime.OnnxJavaType.INT64, shape, LongBuffer.wrap(values));
    }

    private static long count(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
