package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Samples as the worker reads them from datasets ({@link HostTensor}s), as NDArrays for the executor. */
public final class HostArrays {

    private HostArrays() {
    }

    public static Map<String, NDArray> of(NDManager manager, Sample sample) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        sample.inputs().forEach((name, tensor) -> out.put(name, of(manager, tensor)));
        return out;
    }

    public static NDArray of(NDManager manager, HostTensor tensor) {
        DataType type = switch (tensor.type()) {
            case FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("input element type " + tensor.type() + " is not supported");
        };
        // Duplicates keep the shared buffer's position untouched, as the engine's own conversion does.
        Buffer data = duplicate(tensor.data());
        return owned(manager.create(data.rewind(), new Shape(tensor.shape()), type));
    }

    /**
     * A copy in memory the engine owns. An array made from a Java direct buffer may point into that buffer; autograd
     * keeps such tensors (a Gather's indices) for the backward pass after the executor has released their Java
     * wrappers, and once the collector frees the buffer the backward pass reads garbage: long layers-student runs
     * failed with "index 140502826822000 is out of bounds" in a Gather's backward, and went NaN. The same holds for
     * every array the executor makes from Java data: an operator may keep it for backward (Gather positions of
     * negative-step Slices, padding and Resize), and a view of it (a Gather or Slice of a Shape's or Constant's
     * values) outlives its wrapper, which is closed after its last reader: a tiny encoder's Reshape once read a
     * target shape of [139858481903774, 16, 16].
     */
    private static NDArray owned(NDArray fromBuffer) {
        NDArray copy = fromBuffer.duplicate();
        fromBuffer.close();
        return copy;
    }

    /** A vector the engine owns; the executor makes arrays from Java data only through these (a test guards it). */
    static NDArray owned(NDManager manager, long[] values) {
        return owned(manager.create(values));
    }

    static NDArray owned(NDManager manager, float[] values) {
        return owned(manager.create(values));
    }

    static NDArray ownedScalar(NDManager manager, long value) {
        return owned(manager.create(value));
    }

    static NDArray ownedScalar(NDManager manager, float value) {
        return owned(manager.create(value));
    }

    static NDArray owned(NDManager manager, ByteBuffer bytes, Shape shape, DataType type) {
        return owned(manager.create(bytes, shape, type));
    }

    private static Buffer duplicate(Buffer data) {
        if (data instanceof java.nio.FloatBuffer f) {
            return f.duplicate();
        } else if (data instanceof java.nio.DoubleBuffer d) {
            return d.duplicate();
        } else if (data instanceof java.nio.LongBuffer l) {
            return l.duplicate();
        } else if (data instanceof java.nio.IntBuffer i) {
            return i.duplicate();
        } else if (data instanceof java.nio.ByteBuffer b) {
            return b.duplicate();
        }
        throw new IllegalArgumentException("unsupported buffer " + data.getClass().getSimpleName());
    }
}
