package dev.mcs.worker.distill.student;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes layers as ONNX nodes (opset 13) with He-uniform initial weights and zero biases, drawn from one seeded
 * generator in layer order, so a seed always gives the same file.
 */
final class StudentGraphWriter {

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("student");
    private final SplittableRandom random;
    private String current;
    private int index;

    StudentGraphWriter(String input, long seed) {
        this.current = input;
        this.random = new SplittableRandom(seed);
    }

    void write(Layer layer, String output) {
        index++;
        if (layer instanceof Layer.Conv conv) {
            conv(conv, output);
        } else if (layer instanceof Layer.Dense dense) {
            dense(dense, output);
        } else if (layer instanceof Layer.Pool) {
            step(node("MaxPool", output).addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)));
        } else if (layer instanceof Layer.GlobalPool) {
            step(node("GlobalAveragePool", output));
        } else {
            step(node("Flatten", output).addAttribute(AttributeProto.newBuilder().setName("axis")
                    .setType(AttributeProto.AttributeType.INT).setI(1)));
        }
    }

    OnnxMl.GraphProto.Builder graph() {
        return graph;
    }

    private void conv(Layer.Conv conv, String output) {
        int pad = conv.kernel() / 2;
        String weight = initializer("w", 6.0, conv.in() / conv.groups() * conv.kernel() * conv.kernel(),
                conv.out(), conv.in() / conv.groups(), conv.kernel(), conv.kernel());
        String bias = zeros("b", conv.out());
        step(node("Conv", null, weight, bias).addAttribute(ints("kernel_shape", conv.kernel(), conv.kernel()))
                .addAttribute(ints("pads", pad, pad, pad, pad)).addAttribute(ints("strides", conv.stride(), conv.stride()))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("group").setType(AttributeProto.AttributeType.INT).setI(conv.groups())));
        step(node("Relu", output));
    }

    private void dense(Layer.Dense dense, String output) {
        String weight = initializer("w", dense.relu() ? 6.0 : 1.0, dense.in(), dense.out(), dense.in());
        String bias = zeros("b", dense.out());
        step(node("Gemm", dense.relu() ? null : output, weight, bias).addAttribute(AttributeProto.newBuilder()
                .setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)));
        if (dense.relu()) {
            step(node("Relu", output));
        }
    }

    private NodeProto.Builder node(String op, String output, String... parameters) {
        String name = op.toLowerCase() + "_" + index + "_" + graph.getNodeCount();
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(current).addAllInput(List.of(parameters))
                .addOutput(output != null ? output : name + "_out");
    }

    private void step(NodeProto.Builder node) {
        graph.addNode(node);
        current = node.getOutput(0);
    }

    /**
     * Uniform weights in ±sqrt(scale / fanIn): scale 6 is He et al.'s for layers followed by ReLU; the output layer
     * uses 1 (PyTorch's default for Linear), so the untrained student's logits start small and its first soft-target
     * gradients do not saturate.
     */
    private String initializer(String kind, double scale, long fanIn, long... dims) {
        double bound = Math.sqrt(scale / fanIn);
        float[] values = new float[Math.toIntExact(count(dims))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        return tensor(kind, values, dims);
    }

    private String zeros(String kind, long size) {
        return tensor(kind, new float[Math.toIntExact(size)], size);
    }

    private String tensor(String kind, float[] values, long... dims) {
        String name = "layer" + index + "." + kind;
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static long count(long... dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
