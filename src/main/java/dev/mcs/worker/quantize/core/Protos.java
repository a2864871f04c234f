package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mcs.shared.technique.OpTypes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small builders for the tensors and nodes the quantizer adds. */
public final class Protos {

    private Protos() {
    }

    public static OnnxMl.TensorProto int8(String name, byte[] values, long... dims) {
        return raw(name, OnnxMl.TensorProto.DataType.INT8_VALUE, ByteString.copyFrom(values), dims);
    }

    public static OnnxMl.TensorProto uint8(String name, byte[] values, long... dims) {
        return raw(name, OnnxMl.TensorProto.DataType.UINT8_VALUE, ByteString.copyFrom(values), dims);
    }

    public static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return raw(name, OnnxMl.TensorProto.DataType.FLOAT_VALUE, ByteString.copyFrom(bytes), dims);
    }

    private static OnnxMl.TensorProto raw(String name, int dataType, ByteString data, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(dataType).setRawData(data);
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    public static OnnxMl.NodeProto node(String op, String name, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name)
                .addAllInput(inputs).addAllOutput(outputs).build();
    }

    public static OnnxMl.NodeProto castToFloat(String name, String input, String output) {
        return node("Cast", name, List.of(input), List.of(output)).toBuilder()
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                        .setI(OnnxMl.TensorProto.DataType.FLOAT_VALUE))
                .build();
    }

    public static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    public static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public static float floatAttribute(OnnxMl.NodeProto node, String name, float fallback) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? fallback : a.getF();
    }

    public static long intAttribute(OnnxMl.NodeProto node, String name, long fallback) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? fallback : a.getI();
    }

    /** The node's name, or its first output when exporters left it unnamed. */
    public static String label(OnnxMl.NodeProto node) {
        return OpTypes.label(node.getName(), node.getOutputCount() > 0 ? node.getOutput(0) : null, node.getOpType());
    }
}
