package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads and writes the float and int64 tensors the normalizer lifts, folds and adds. */
final class TensorValues {

    static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;

    private TensorValues() {
    }

    static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return tensor(name, FLOAT, bytes, dims);
    }

    static OnnxMl.TensorProto longs(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return tensor(name, INT64, bytes, dims);
    }

    private static OnnxMl.TensorProto tensor(String name, int type, ByteBuffer bytes, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static float[] readFloats(OnnxMl.TensorProto t) {
        if (t.getDataType() != FLOAT) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is not float");
        }
        if (t.getRawData().isEmpty()) {
            float[] values = new float[t.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
            return values;
        }
        float[] values = new float[t.getRawData().size() / 4];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    static long[] readLongs(OnnxMl.TensorProto t) {
        if (t.getDataType() != INT64) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is not int64");
        }
        if (t.getRawData().isEmpty()) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        long[] values = new long[t.getRawData().size() / 8];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    static long[] dims(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    static boolean isExternal(OnnxMl.TensorProto t) {
        return t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0;
    }
}
