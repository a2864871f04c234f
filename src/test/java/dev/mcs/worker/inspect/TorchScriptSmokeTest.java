package dev.mcs.worker.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TorchScriptSmokeTest {

    @Test
    void a_linear_weight_suggests_a_row_vector_of_its_input_width() {
        assertThat(TorchScriptSmoke.guessInput(List.of(32L, 64L))).hasValueSatisfying(shape -> assertThat(shape).containsExactly(1, 64));
    }

    @Test
    void a_convolution_weight_suggests_an_eight_by_eight_image_with_its_channels() {
        assertThat(TorchScriptSmoke.guessInput(List.of(8L, 3L, 3L, 3L)))
                .hasValueSatisfying(shape -> assertThat(shape).containsExactly(1, 3, 8, 8));
    }

    @Test
    void a_kernel_larger_than_eight_widens_the_guessed_image() {
        assertThat(TorchScriptSmoke.guessInput(List.of(8L, 1L, 11L, 11L)))
                .hasValueSatisfying(shape -> assertThat(shape).containsExactly(1, 1, 11, 11));
    }

    @Test
    void a_vector_gives_no_guess() {
        assertThat(TorchScriptSmoke.guessInput(List.of(10L))).isEmpty();
    }
}
