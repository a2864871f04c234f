package dev.mcs.worker.engine;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic of an array with a Java number, the number held in libtorch's own memory.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)} and their kin wrap the number in a scalar array that points into
 * a Java direct buffer and close it right after the call. Autograd keeps that scalar for the backward pass (the
 * divisor of a division, the factor of a product, both operands of a maximum), so once the collector has freed the
 * buffer, backward reads whatever lies there: the same seed trained different students, and with a thread calling
 * {@code System.gc()} every run differed from the first epoch. Here the scalar is copied into memory the engine owns
 * before the Java one is closed, so autograd's reference keeps it valid. An architecture test makes the worker go
 * through this class.
 */
public final class OwnedScalars {

    private OwnedScalars() {}

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, Number value) {
        try (NDArray scalar = of(x, value)) {
            return x.mul(scalar);
        }
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, Number value) {
        try (NDArray scalar = of(x, value)) {
            return x.div(scalar);
        }
    }

    /** {@code value / x}. */
    public static NDArray divide(Number value, NDArray x) {
        try (NDArray scalar = of(x, value)) {
            return scalar.div(x);
        }
    }

    /** {@code x ^ exponent}. */
    public static NDArray pow(NDArray x, Number exponent) {
        try (NDArray scalar = of(x, exponent)) {
            return x.pow(scalar);
        }
    }

    /** The element-wise maximum of {@code x} and {@code value}. */
    public static NDArray maximum(NDArray x, Number value) {
        try (NDArray scalar = of(x, value)) {
            return x.maximum(scalar);
        }
    }

    /** A scalar array in {@code like}'s manager, its value in the engine's memory; the caller closes it. */
    public static NDArray of(NDArray like, Number value) {
        try (NDArray onJavaBuffer = like.getManager().create(value)) {
            return onJavaBuffer.duplicate();
        }
    }
}
