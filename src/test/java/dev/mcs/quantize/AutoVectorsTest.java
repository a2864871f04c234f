package dev.mcs.quantize;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoVectorsTest {

    @Test
    void theMaskedMeanAveragesOnlyTheTokensTheMaskKeeps() {
        float[] hidden = {1, 2, 3, 4, 100, 100}; // 3 tokens of width 2; the last is padding
        long[] mask = {1, 1, 0};

        assertThat(AutoVectors.maskedMean(hidden, mask, 2)).containsExactly(2f, 3f);
    }

    @Test
    void cosineIsOneForParallelVectorsAndZeroAgainstAZeroVector() {
        assertThat(AutoVectors.cosine(new float[] {1, 2}, new float[] {2, 4})).isEqualTo(1.0);
        assertThat(AutoVectors.cosine(new float[] {1, 2}, new float[] {0, 0})).isZero();
        assertThat(AutoVectors.cosine(new float[] {1, 0}, new float[] {0, 1})).isZero();
    }
}
