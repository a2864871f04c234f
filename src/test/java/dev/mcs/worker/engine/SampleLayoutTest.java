package dev.mcs.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleLayoutTest {

    @Test
    void a_model_with_a_batch_dim_gets_batch_one_per_sample() {
        assertThat(SampleLayout.perSampleShape(new long[] {-1, 1, 8, 8}, List.of(360L, 1L, 8L, 8L))).containsExactly(1, 1, 8, 8);
    }

    @Test
    void a_model_without_a_batch_dim_gets_the_sample_as_is() {
        assertThat(SampleLayout.perSampleShape(new long[] {64}, List.of(10L, 64L))).containsExactly(64);
    }

    @Test
    void dynamic_model_dims_take_the_dataset_size() {
        assertThat(SampleLayout.perSampleShape(new long[] {-1, -1}, List.of(5L, 12L))).containsExactly(1, 12);
    }

    @Test
    void a_static_dim_that_differs_does_not_fit() {
        assertThat(SampleLayout.perSampleShape(new long[] {-1, 64}, List.of(10L, 63L))).isNull();
        assertThat(SampleLayout.perSampleShape(new long[] {4, 64}, List.of(10L, 64L))).isNull();
        assertThat(SampleLayout.perSampleShape(new long[] {-1, 1, 8, 8}, List.of(10L, 64L))).isNull();
    }
}
