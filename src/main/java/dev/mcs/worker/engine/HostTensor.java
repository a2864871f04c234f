package dev.mcs.worker.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Optional;

/** Tensor data held on the Java heap, so samples can be kept without holding native memory. */
public record HostTensor(OnnxJavaType type, long[] shape, Buffer data) {

    OnnxTensor toOnnx(OrtEnvironment env) throws OrtException {
        // Duplicates keep the shared buffer's position untouched, so a sample can be converted again.
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, ((FloatBuffer) data).duplicate(), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, ((DoubleBuffer) data).duplicate(), shape);
            case INT64 -> OnnxTensor.createTensor(env, ((LongBuffer) data).duplicate(), shape);
            case INT32 -> OnnxTensor.createTensor(env, ((IntBuffer) data).duplicate(), shape);
            case INT8, UINT8, BOOL -> OnnxTensor.createTensor(env, ((ByteBuffer) data).duplicate(), shape, type);
            default -> throw new IllegalArgumentException("unsupported input element type " + type);
        };
    }

    /** The values of an integer tensor (an attention mask, say) widened to long; empty for other types. */
    public Optional<long[]> longValues() {
        if (data instanceof LongBuffer longs) {
            long[] values = new long[longs.capacity()];
            longs.duplicate().rewind().get(values);
            return Optional.of(values);
        }
        if (data instanceof IntBuffer ints) {
            IntBuffer copy = ints.duplicate().rewind();
            long[] values = new long[copy.capacity()];
            for (int i = 0; i < values.length; i++) {
                values[i] = copy.get();
            }
            return Optional.of(values);
        }
        return Optional.empty();
    }

    String describe() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
    }
}
