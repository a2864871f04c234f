package dev.mcs.worker.engine;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxJavaType;
import java.util.Locale;

/** Names and storage sizes of ONNX element types. */
public final class ElementTypes {

    private ElementTypes() {}

    /** Lower-case ONNX name such as {@code float} or {@code int8}; unknown codes keep their number. */
    public static String name(int dataType) {
        DataType type = DataType.forNumber(dataType);
        if (type == null || type == DataType.UNDEFINED) {
            return "type" + dataType;
        }
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Java type ONNX Runtime reports for an ONNX element type, unsigned types folded onto their signed
     * twins as ORT does ({@code OnnxJavaType.mapFromOnnxTensorType}); {@code UNKNOWN} for the rest. ORT's own
     * {@code OnnxTensorType.mapFromInt} cannot be used: its numbering is not ONNX's.
     */
    public static OnnxJavaType javaType(int dataType) {
        DataType type = DataType.forNumber(dataType);
        if (type == null) {
            return OnnxJavaType.UNKNOWN;
        }
        return switch (type) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16, UINT16 -> OnnxJavaType.INT16;
            case INT32, UINT32 -> OnnxJavaType.INT32;
            case INT64, UINT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case STRING -> OnnxJavaType.STRING;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            default -> OnnxJavaType.UNKNOWN;
        };
    }

    public static long elements(TensorProto tensor) {
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Bytes the tensor's data occupies in the file: raw bytes when present, else the typed size. */
    public static long storedBytes(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            return tensor.getRawData().size();
        }
        if (tensor.getDataType() == DataType.STRING_VALUE) {
            return tensor.getStringDataList().stream().mapToLong(s -> s.size()).sum();
        }
        return (elements(tensor) * bitsPerElement(tensor.getDataType()) + 7) / 8;
    }

    private static int bitsPerElement(int dataType) {
        DataType type = DataType.forNumber(dataType);
        if (type == null) {
            return 0;
        }
        return switch (type) {
            case INT4, UINT4 -> 4;
            case INT8, UINT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> 8;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 16;
            case FLOAT, INT32, UINT32 -> 32;
            case DOUBLE, INT64, UINT64, COMPLEX64 -> 64;
            case COMPLEX128 -> 128;
            default -> 0;
        };
    }
}
