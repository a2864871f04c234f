package dev.mcs.worker.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.nio.LongBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PooledEmbeddingTest {

    @Test
    void averagesOnlyThePositionsTheMaskMarksAsTokens() {
        float[] hidden = {1, 2, 3, 4, 100, 100};

        assertThat(PooledEmbedding.pool(hidden, new long[] {1, 1, 0})).containsExactly(2f, 3f);
    }

    @Test
    void anAllPaddingSampleGivesAZeroEmbedding() {
        assertThat(PooledEmbedding.pool(new float[] {5, 5}, new long[] {0})).containsExactly(0f, 0f);
    }

    @Test
    void findsTheMaskOfASampleOnlyForHiddenStateOutputs() {
        HostTensor mask = new HostTensor(ai.onnxruntime.OnnxJavaType.INT64, new long[] {1, 3},
                LongBuffer.wrap(new long[] {1, 1, 0}));
        Sample sample = new Sample(Map.of(PooledEmbedding.MASK_INPUT, mask));

        assertThat(PooledEmbedding.mask(sample, new long[] {1, 3, 4})).hasValueSatisfying(m ->
                assertThat(m).containsExactly(1, 1, 0));
        assertThat(PooledEmbedding.mask(sample, new long[] {1, 10})).isEmpty();
        assertThat(PooledEmbedding.mask(new Sample(Map.of()), new long[] {1, 3, 4})).isEmpty();
    }
}
