package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteOrder;

/** A rank-2 float initializer, row-major, read from either {@code raw_data} or {@code float_data}. */
public record FloatMatrix(String name, int rows, int cols, float[] values) {

    /** Callers check the header first (see {@link GraphUses#isFloatMatrix}); this checks the data. */
    public static FloatMatrix of(OnnxMl.TensorProto t) throws QuantizationException {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new QuantizationException("initializer '" + t.getName()
                    + "' keeps its data in an external file, which quantization does not support");
        }
        long count = t.getDims(0) * t.getDims(1);
        if (count > Integer.MAX_VALUE) {
            throw new QuantizationException("initializer '" + t.getName() + "' is too large: " + t.getDimsList());
        }
        return new FloatMatrix(t.getName(), (int) t.getDims(0), (int) t.getDims(1), values(t, (int) count));
    }

    private static float[] values(OnnxMl.TensorProto t, int count) throws QuantizationException {
        float[] values = new float[count];
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != 4L * count) {
                throw mismatch(t, t.getRawData().size() / 4, count);
            }
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        if (t.getFloatDataCount() != count) {
            throw mismatch(t, t.getFloatDataCount(), count);
        }
        for (int i = 0; i < count; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }

    private static QuantizationException mismatch(OnnxMl.TensorProto t, long found, long expected) {
        return new QuantizationException("initializer '" + t.getName() + "' holds " + found
                + " values but its shape " + t.getDimsList() + " needs " + expected);
    }
}
