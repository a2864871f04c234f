package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Plausible inputs built from a model's declared inputs alone. Integer inputs are usually token ids, masks
 * or segment types, so their names decide the values: masks all 1, type ids all 0, ids small.
 */
final class SyntheticInputs {

    private static final int UNKNOWN_BATCH = 1;
    private static final int UNKNOWN_OTHER_DIM = 8;
    private static final int MAX_ID = 100;

    private SyntheticInputs() {}

    static Sample sample(Map<String, NodeInfo> inputs, Random random) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (NodeInfo input : inputs.values()) {
            if (!(input.getInfo() instanceof TensorInfo info)) {
                throw new IllegalArgumentException("input '" + input.getName() + "' is not a tensor: " + input.getInfo());
            }
            long[] shape = concreteShape(info.getShape());
            tensors.put(input.getName(), tensor(input.getName(), info.type, shape, random));
        }
        return new Sample(tensors);
    }

    static long[] concreteShape(long[] declared) {
        long[] shape = declared.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = i == 0 ? UNKNOWN_BATCH : UNKNOWN_OTHER_DIM;
            }
        }
        return shape;
    }

    private static HostTensor tensor(String name, OnnxJavaType type, long[] shape, Random random) {
        int size = Math.toIntExact(elementCount(shape));
        return new HostTensor(type, shape, values(name.toLowerCase(Locale.ROOT), type, size, random));
    }

    private static Buffer values(String name, OnnxJavaType type, int size, Random random) {
        return switch (type) {
            case FLOAT -> FloatBuffer.wrap(fill(new float[size], random));
            case DOUBLE -> DoubleBuffer.wrap(random.doubles(size).toArray());
            case INT64 -> LongBuffer.wrap(ids(name, size, random).asLongStream().toArray());
            case INT32 -> IntBuffer.wrap(ids(name, size, random).toArray());
            case INT8, UINT8 -> ByteBuffer.wrap(toBytes(ids(name, size, random).toArray()));
            case BOOL -> ByteBuffer.wrap(toBytes(IntStream.generate(() -> 1).limit(size).toArray()));
            default -> throw new IllegalArgumentException("cannot synthesize " + type + " input '" + name + "'");
        };
    }

    private static float[] fill(float[] values, Random random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private static IntStream ids(String name, int size, Random random) {
        if (name.contains("mask")) {
            return IntStream.generate(() -> 1).limit(size);
        }
        if (name.contains("type")) {
            return IntStream.generate(() -> 0).limit(size);
        }
        return random.ints(size, 0, MAX_ID);
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }
}
