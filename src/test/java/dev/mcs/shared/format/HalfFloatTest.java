package dev.mcs.shared.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatTest {

    @Test
    void exactValuesSurviveTheRoundTrip() {
        for (float v : new float[] {0f, 1f, -2f, 0.5f, 65504f, -65504f, 0x1p-24f, 1025f}) {
            assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(v))).isEqualTo(v);
        }
    }

    @Test
    void roundingIsToNearestEvenAndOverflowIsInfinite() {
        assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(1f + 0x1p-11f))).isEqualTo(1f);
        assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(1f + 3 * 0x1p-11f))).isEqualTo(1f + 0x1p-9f);
        assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Math.abs(HalfFloat.toFloat(HalfFloat.fromFloat(0.1f)) - 0.1f)).isLessThan(1e-4f);
    }

    @Test
    void specialBitPatternsDecodeExactly() {
        assertThat(HalfFloat.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0x7E00)).isNaN();
        assertThat(Float.floatToRawIntBits(HalfFloat.toFloat((short) 0x8000))).isEqualTo(0x80000000);
        assertThat(HalfFloat.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloat.toFloat((short) 0x83FF)).isEqualTo(-1023 * 0x1p-24f);
        assertThat(HalfFloat.toFloat((short) 0x7BFF)).isEqualTo(HalfFloat.MAX);
    }
}
