package dev.mcs.worker.quantize.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void valuesBeyondTheRangeDoubleItWithoutLosingCounts() {
        Histogram h = new Histogram(8);
        h.add(FloatBuffer.wrap(new float[] {0.5f, -1f, 0.25f}));
        assertThat(h.range()).isEqualTo(1.0);

        h.add(FloatBuffer.wrap(new float[] {3.5f}));

        assertThat(h.range()).isEqualTo(4.0);
        assertThat(h.total()).isEqualTo(4);
        assertThat(Arrays.stream(h.counts()).sum()).isEqualTo(4);
        assertThat(h.counts()[7]).isEqualTo(1); // 3.5 in [3.5, 4)
        assertThat(h.counts()[0]).isEqualTo(1); // 0.25 in [0, 0.5)
        assertThat(h.counts()[1]).isEqualTo(2); // 0.5 and 1 (the old top edge) in [0.5, 1]
    }

    @Test
    void percentilesFollowTheDistribution() {
        Histogram h = new Histogram(1000);
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 2 == 0 ? 1 : -1) * i / 10_000f;
        }
        h.add(FloatBuffer.wrap(values));

        assertThat(h.percentileAbs(50)).isCloseTo(0.5, within(0.002));
        assertThat(h.percentileAbs(90)).isCloseTo(0.9, within(0.002));
        assertThat(h.percentileAbs(100)).isEqualTo(h.absMax());
        assertThat(h.absMax()).isEqualTo(0.9999f);
    }

    @Test
    void onlyZerosGiveAZeroPercentile() {
        Histogram h = new Histogram(4);
        h.add(FloatBuffer.wrap(new float[] {0f, 0f}));

        assertThat(h.percentileAbs(99.9)).isZero();
        assertThat(h.total()).isEqualTo(2);
    }
}
