package dev.mcs.worker.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimilarityTest {

    @Test
    void parallel_vectors_have_cosine_one_whatever_their_length() {
        assertThat(Similarity.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isEqualTo(1.0, within(1e-12));
    }

    @Test
    void orthogonal_and_opposite_vectors_have_cosine_zero_and_minus_one() {
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {0, 5})).isEqualTo(0.0, within(1e-12));
        assertThat(Similarity.cosine(new float[] {1, -2}, new float[] {-1, 2})).isEqualTo(-1.0, within(1e-12));
    }

    @Test
    void zero_vectors_are_identical_to_each_other_and_unrelated_to_anything_else() {
        assertThat(Similarity.cosine(new float[] {0, 0}, new float[] {0, 0})).isEqualTo(1.0);
        assertThat(Similarity.cosine(new float[] {0, 0}, new float[] {0, 1})).isEqualTo(0.0);
    }

    @Test
    void vectors_of_different_lengths_cannot_be_compared() {
        assertThatThrownBy(() -> Similarity.cosine(new float[2], new float[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argmax_looks_only_inside_its_row_and_prefers_the_first_of_equals() {
        float[] rows = {9, 0, 0, 1, 3, 3};
        assertThat(Similarity.argmax(rows, 3, 3)).isEqualTo(1);
        assertThat(Similarity.argmax(rows, 0, 3)).isZero();
    }

    @Test
    void a_tally_counts_errors_agreement_and_accuracy_per_row() {
        FidelityTally tally = new FidelityTally("logits");
        tally.add(new float[] {1, 2}, new float[] {1, 3}, new long[] {1, 2}, 1L);
        tally.add(new float[] {4, 0}, new float[] {0, 4}, new long[] {1, 2}, 0L);

        Fidelity fidelity = tally.fidelity();
        assertThat(fidelity.maxAbsError()).isEqualTo(4.0);
        assertThat(fidelity.meanAbsError()).isEqualTo(9.0 / 4);
        assertThat(fidelity.cosineMin()).isEqualTo(0.0, within(1e-12));
        assertThat(fidelity.top1Agreement()).isEqualTo(0.5);
        assertThat(tally.originalAccuracy()).isEqualTo(1.0);
        assertThat(tally.compressedAccuracy()).isEqualTo(0.5);
    }

    @Test
    void hidden_states_get_no_agreement_or_accuracy() {
        FidelityTally tally = new FidelityTally("last_hidden_state");
        tally.add(new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 4}, new long[] {1, 2, 2}, 3L);

        assertThat(tally.fidelity().top1Agreement()).isNull();
        assertThat(tally.originalAccuracy()).isNull();
    }
}
