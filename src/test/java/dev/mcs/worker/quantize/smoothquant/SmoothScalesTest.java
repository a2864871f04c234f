package dev.mcs.worker.quantize.smoothquant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.worker.quantize.core.FloatMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothScalesTest {

    @Test
    void eachChannelsFactorBalancesTheActivationMaxAgainstTheLargestWeightRowOfTheGroup() {
        // two weights [K=2, N=2] share X; row maxima over both: row 0 → 4, row 1 → 1
        FloatMatrix a = new FloatMatrix("A", 2, 2, new float[] {1f, -4f, 0.5f, 0.25f});
        FloatMatrix b = new FloatMatrix("B", 2, 2, new float[] {2f, 0f, -1f, 0f});

        float[] s = SmoothScales.scales(new float[] {16f, 9f}, List.of(a, b), 0.5);

        assertThat(s).containsExactly(new float[] {4f / 2f, 3f / 1f}, within(1e-6f));
    }

    @Test
    void aChannelThatNeverFiresKeepsFactorOneAndExtremeFactorsAreClamped() {
        FloatMatrix w = new FloatMatrix("W", 3, 1, new float[] {1f, 1e-12f, 1f});

        float[] s = SmoothScales.scales(new float[] {0f, 1e6f, 1f}, List.of(w), 0.9);

        assertThat(s[0]).isEqualTo(1f);
        assertThat(s[1]).isEqualTo(SmoothScales.MAX_SCALE);
        assertThat(s[2]).isEqualTo(1f);
    }

    @Test
    void scalingRowsAndDividingColumnsUndoEachOther() {
        FloatMatrix w = new FloatMatrix("W", 2, 3, new float[] {1f, 2f, 3f, 4f, 5f, 6f});
        float[] s = {2f, 0.5f};

        assertThat(SmoothScales.scaleRows(w, s).values()).containsExactly(2f, 4f, 6f, 2f, 2.5f, 3f);
        assertThat(SmoothScales.divideColumns(new float[] {2f, 2f, 8f, 8f}, 2, s)).containsExactly(1f, 4f, 4f, 16f);
        assertThat(SmoothScales.reciprocal(s)).containsExactly(0.5f, 2f);
    }
}
