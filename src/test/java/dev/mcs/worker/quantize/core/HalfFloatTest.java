package dev.mcs.worker.quantize.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
