package dev.mcs.worker.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    private static final double[] ONE_TO_TWENTY = {20, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};

    @Test
    void the_median_by_nearest_rank_is_a_measured_value() {
        assertThat(Stats.percentile(ONE_TO_TWENTY, 50)).isEqualTo(10);
        assertThat(Stats.percentile(new double[] {5, 1, 3}, 50)).isEqualTo(3);
    }

    @Test
    void the_95th_percentile_of_twenty_samples_is_the_nineteenth() {
        assertThat(Stats.percentile(ONE_TO_TWENTY, 95)).isEqualTo(19);
    }

    @Test
    void the_100th_percentile_is_the_maximum_and_a_single_sample_is_every_percentile() {
        assertThat(Stats.percentile(ONE_TO_TWENTY, 100)).isEqualTo(20);
        assertThat(Stats.percentile(new double[] {7}, 1)).isEqualTo(7);
    }

    @Test
    void the_samples_are_left_unsorted() {
        double[] samples = {3, 1, 2};
        Stats.percentile(samples, 50);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void no_samples_have_no_percentile() {
        assertThatThrownBy(() -> Stats.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
