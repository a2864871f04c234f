package dev.mcs.shared.format;


/**
 * IEEE 754 binary16 conversion both ways (Java 17 has neither {@code Float.floatToFloat16} nor
 * {@code Float.float16ToFloat}, added in Java 20): the NPZ reader decodes float16 arrays with it and the
 * fp16 method encodes weights, so the two sides agree on every bit.
 */
public final class HalfFloat {

    public static final float MAX = 65504f;

    private HalfFloat() {
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            return (short) (sign | subnormal(mantissa | 0x800000, 14 - e));
        }
        int half = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, which is the correct rounding up to the next binade or infinity
        }
        return (short) (sign | half);
    }

    /** {@code significand} (24 bits with the implicit one) shifted right by {@code shift}, rounded half to even. */
    private static int subnormal(int significand, int shift) {
        if (shift > 24) {
            return 0;
        }
        int value = significand >>> shift;
        int rest = significand & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (value & 1) == 1)) {
            value++;
        }
        return value;
    }

    /** Exact: every half, subnormals included (multiples of 2^-24), is representable as a float. */
    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
