package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX tensors to NDArrays and back, for the element types exporters use for weights and constants. */
final class TensorProtos {

    private TensorProtos() {
    }

    static DataType dataType(int onnxType) {
        TensorProto.DataType onnx = TensorProto.DataType.forNumber(onnxType);
        if (onnx == null) {
            throw new OnnxExecutionException("element type " + onnxType + " is unknown");
        }
        return switch (onnx) {
            case FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            default -> throw new OnnxExecutionException("element type " + onnx + " is not supported by the trainable executor");
        };
    }

    static NDArray toArray(NDManager manager, TensorProto t) {
        DataType type = dataType(t.getDataType());
        Shape shape = new Shape(t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        ByteBuffer bytes = t.hasRawData() && !t.getRawData().isEmpty() ? raw(t.getRawData()) : typed(t, type, shape.size());
        return HostArrays.owned(manager, bytes, shape, type);
    }

    /** The typed repeated fields as little-endian bytes in the tensor's element type. */
    private static ByteBuffer typed(TensorProto t, DataType type, long elements) {
        ByteBuffer out = ByteBuffer.allocateDirect((int) elements * type.getNumOfBytes()).order(ByteOrder.nativeOrder());
        switch (type) {
            case FLOAT32 -> t.getFloatDataList().forEach(out::putFloat);
            case FLOAT64 -> t.getDoubleDataList().forEach(out::putDouble);
            case INT64 -> t.getInt64DataList().forEach(out::putLong);
            case INT32 -> t.getInt32DataList().forEach(out::putInt);
            case INT8, UINT8, BOOLEAN -> t.getInt32DataList().forEach(v -> out.put((byte) v.intValue()));
            default -> throw new OnnxExecutionException("element type " + type + " is not supported");
        }
        return out.rewind();
    }

    private static ByteBuffer raw(ByteString data) {
        ByteBuffer le = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(data.size()).order(ByteOrder.nativeOrder());
        out.put(le);
        return out.rewind();
    }

    /** The tensor {@code original} (name, dims, type) holding {@code values} instead. */
    static TensorProto withFloats(TensorProto original, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return original.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    static boolean isFloat(TensorProto t) {
        return t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    }
}
