package dev.mcs.worker.prune.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    private static final int N = 7;

    @Test
    void the_inverse_of_a_symmetric_positive_definite_matrix_times_the_matrix_is_the_identity() {
        double[] a = spd(new Random(3));

        double[] inverse = Cholesky.inverse(a, N);

        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double product = 0;
                for (int k = 0; k < N; k++) {
                    product += a[i * N + k] * inverse[k * N + j];
                }
                assertThat(product).as("(A A^-1)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void solving_against_the_identity_gives_the_same_inverse() {
        double[] a = spd(new Random(4));
        double[][] identity = new double[N][N];
        for (int i = 0; i < N; i++) {
            identity[i][i] = 1;
        }

        double[][] solved = Cholesky.solve(a, N, identity);
        double[] inverse = Cholesky.inverse(a, N);

        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                assertThat(inverse[i * N + j]).isCloseTo(solved[i][j], within(1e-9));
            }
        }
    }

    @Test
    void the_upper_factor_of_the_inverse_is_upper_triangular_and_its_gram_matrix_is_the_inverse() {
        double[] a = spd(new Random(5));

        double[] u = Cholesky.upperFactorOfInverse(a, N);
        double[] inverse = Cholesky.inverse(a, N);

        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double gram = 0;
                for (int k = 0; k < N; k++) {
                    gram += u[k * N + i] * u[k * N + j];
                }
                assertThat(gram).as("(U^T U)[%d][%d]", i, j).isCloseTo(inverse[i * N + j], within(1e-9));
                if (i > j) {
                    assertThat(u[i * N + j]).isZero();
                }
            }
        }
    }

    /** B B^T + I for a random B: symmetric and positive definite. */
    private static double[] spd(Random random) {
        double[] b = new double[N * N];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] a = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < N; k++) {
                    a[i * N + j] += b[i * N + k] * b[j * N + k];
                }
                a[i * N + j] += i == j ? 1 : 0;
            }
        }
        return a;
    }
}
