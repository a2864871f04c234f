package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Reading float initializers of any rank and building the scalar/vector tensors and nodes of a QDQ graph. */
final class QdqTensors {

    private QdqTensors() {
    }

    static float[] floats(OnnxMl.TensorProto t) throws QuantizationException {
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new QuantizationException("initializer '" + t.getName() + "' is too large: " + t.getDimsList());
        }
        float[] values = new float[(int) count];
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != 4L * count) {
                throw mismatch(t, count);
            }
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else if (t.getFloatDataCount() == count) {
            for (int i = 0; i < count; i++) {
                values[i] = t.getFloatData(i);
            }
        } else {
            throw mismatch(t, count);
        }
        return values;
    }

    private static QuantizationException mismatch(OnnxMl.TensorProto t, long count) {
        return new QuantizationException("initializer '" + t.getName() + "' does not hold the " + count
                + " values its shape " + t.getDimsList() + " needs");
    }

    static OnnxMl.TensorProto int32(String name, int[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT32_VALUE).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static long[] dims(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A DequantizeLinear; {@code axis} < 0 leaves the attribute out (per-tensor). */
    static OnnxMl.NodeProto dequantize(String name, String input, String scale, String zeroPoint, String output, int axis) {
        OnnxMl.NodeProto node = Protos.node("DequantizeLinear", name, List.of(input, scale, zeroPoint), List.of(output));
        return axis < 0 ? node : node.toBuilder().addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(axis)).build();
    }

    static OnnxMl.NodeProto quantize(String name, String input, String scale, String zeroPoint, String output) {
        return Protos.node("QuantizeLinear", name, List.of(input, scale, zeroPoint), List.of(output));
    }
}
