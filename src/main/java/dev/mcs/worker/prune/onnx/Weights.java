package dev.mcs.worker.prune.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Float initializers as Java arrays and back; the pruners edit nothing else. */
public final class Weights {

    private Weights() {}

    public static boolean isFloat(TensorProto t) {
        return t.getDataType() == TensorProto.DataType.FLOAT_VALUE;
    }

    public static long count(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    public static float[] values(TensorProto t) {
        int n = Math.toIntExact(count(t));
        if (!t.getRawData().isEmpty()) {
            float[] out = new float[n];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /** The same tensor (name, type) with new values and dimensions, stored as raw little-endian data. */
    public static TensorProto with(TensorProto t, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        floats.put(values);
        TensorProto.Builder b = t.toBuilder().clearFloatData().clearDims().setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    public static TensorProto with(TensorProto t, float[] values) {
        return with(t, values, t.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }

    public static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }
}
