package dev.mcs.shared.format.npz;

/** IEEE 754 binary16 to float; Java 17 lacks {@code Float.float16ToFloat} (added in Java 20). */
final class NpyHalfFloat {

    private static final int EXPONENT_BIAS_DIFFERENCE = 127 - 15;

    private NpyHalfFloat() {
    }

    static float toFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Subnormal halves are exact multiples of 2^-24, which a float holds without rounding.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + EXPONENT_BIAS_DIFFERENCE) << 23) | (mantissa << 13));
    }
}
