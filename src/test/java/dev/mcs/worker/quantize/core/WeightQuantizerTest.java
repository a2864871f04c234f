package dev.mcs.worker.quantize.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightQuantizerTest {

    @Test
    void eachColumnGetsItsOwnSymmetricScaleFromItsLargestMagnitude() {
        // [K=2, N=3]; column 2 is all zeros
        FloatMatrix w = new FloatMatrix("W", 2, 3, new float[] {1.27f, -0.5f, 0f, -0.635f, 2.54f, 0f});

        WeightQuantizer.PerColumn q = WeightQuantizer.perColumn(w, false);

        assertThat(q.scales()).containsExactly(new float[] {0.01f, 0.02f, 1f}, within(1e-7f));
        assertThat(q.values()).containsExactly(127, -25, 0, -64, 127, 0);
    }

    @Test
    void halfwayValuesRoundToEven() {
        // scale is 1 (max 127), so 2.5 -> 2 and 3.5 -> 4 as in numpy.round
        FloatMatrix w = new FloatMatrix("W", 3, 1, new float[] {127f, 2.5f, 3.5f});

        assertThat(WeightQuantizer.perColumn(w, false).values()).containsExactly(127, 2, 4);
    }

    @Test
    void aTransposedWeightIsWrittenAsKByN() {
        // stored [N=2, K=3] as Gemm transB=1 has it
        FloatMatrix w = new FloatMatrix("W", 2, 3, new float[] {1f, 2f, 3f, -4f, -5f, -6f});

        WeightQuantizer.PerColumn q = WeightQuantizer.perColumn(w, true);

        assertThat(q.k()).isEqualTo(3);
        assertThat(q.n()).isEqualTo(2);
        assertThat(q.scales()).containsExactly(new float[] {3f / 127, 6f / 127}, within(1e-7f));
        assertThat(q.values()).containsExactly(42, -85, 85, -106, 127, -127);
    }

    @Test
    void anEmbeddingTableUsesOneAsymmetricRangeThatKeepsZeroExact() {
        WeightQuantizer.PerTensor q = WeightQuantizer.perTensorUint8(new float[] {-1f, 0f, 0.5f, 1.55f});

        assertThat(q.scale()).isCloseTo(0.01f, within(1e-7f));
        assertThat(q.zeroPoint()).isEqualTo(100);
        assertThat(q.values()).containsExactly(0, 100, (byte) 150, (byte) 255);
    }

    @Test
    void aConstantZeroTableGetsScaleOne() {
        WeightQuantizer.PerTensor q = WeightQuantizer.perTensorUint8(new float[] {0f, 0f});

        assertThat(q.scale()).isEqualTo(1f);
        assertThat(q.zeroPoint()).isZero();
        assertThat(q.values()).containsExactly(0, 0);
    }
}
