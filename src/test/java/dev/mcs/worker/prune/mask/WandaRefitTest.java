package dev.mcs.worker.prune.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WandaRefit} on a random layer whose inputs are correlated (as activations are): the refitted weights keep the
 * mask and move the layer's outputs on the calibration inputs less than zeroing alone.
 */
class WandaRefitTest {

    private static final int INPUTS = 24;
    private static final int OUTPUTS = 10;
    private static final int SAMPLES = 400;

    @Test
    void refitted_weights_keep_the_mask_and_change_the_outputs_less_than_zeroing() {
        Random random = new Random(7);
        double[][] x = correlatedInputs(random);
        for (boolean outputMajor : new boolean[] {false, true}) {
            float[] w = new float[INPUTS * OUTPUTS];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            WandaRefit.LayerWeights layer = new WandaRefit.LayerWeights(w, INPUTS, outputMajor);
            boolean[] keep = new boolean[w.length];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() > 0.4;
            }
            float[] zeroed = w.clone();
            for (int i = 0; i < w.length; i++) {
                zeroed[i] = keep[i] ? w[i] : 0f;
            }

            float[] refitted = WandaRefit.refit(layer, keep, moments(x));

            for (int i = 0; i < w.length; i++) {
                if (!keep[i]) {
                    assertThat(refitted[i]).as("masked weight %d", i).isZero();
                }
            }
            double zeroError = outputError(layer, w, zeroed, x);
            double refitError = outputError(layer, w, refitted, x);
            assertThat(refitError).as("outputMajor %s", outputMajor).isLessThan(0.7 * zeroError);
        }
    }

    /** Inputs that share three latent factors, plus noise. */
    private static double[][] correlatedInputs(Random random) {
        double[][] mix = new double[3][INPUTS];
        for (double[] row : mix) {
            for (int i = 0; i < INPUTS; i++) {
                row[i] = random.nextGaussian();
            }
        }
        double[][] x = new double[SAMPLES][INPUTS];
        for (double[] sample : x) {
            double[] latent = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (int i = 0; i < INPUTS; i++) {
                sample[i] = 0.3 * random.nextGaussian();
                for (int f = 0; f < 3; f++) {
                    sample[i] += latent[f] * mix[f][i];
                }
            }
        }
        return x;
    }

    private static double[] moments(double[][] x) {
        double[] h = new double[INPUTS * INPUTS];
        for (double[] sample : x) {
            for (int a = 0; a < INPUTS; a++) {
                for (int b = 0; b < INPUTS; b++) {
                    h[a * INPUTS + b] += sample[a] * sample[b] / x.length;
                }
            }
        }
        return h;
    }

    /** Σ over samples and outputs of (x·w - x·other)². */
    private static double outputError(WandaRefit.LayerWeights layer, float[] w, float[] other, double[][] x) {
        double error = 0;
        for (double[] sample : x) {
            for (int o = 0; o < OUTPUTS; o++) {
                double d = 0;
                for (int i = 0; i < INPUTS; i++) {
                    int at = layer.index(o, i);
                    d += sample[i] * (w[at] - other[at]);
                }
                error += d * d;
            }
        }
        return error;
    }
}
