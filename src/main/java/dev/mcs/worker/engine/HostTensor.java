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

    String describe() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
    }
}
