package dev.mcs.worker.prune.mask;

import dev.mcs.worker.prune.onnx.Cholesky;

/**
 * Wanda's mask kept, the kept weights refitted to the calibration inputs: the update of SparseGPT (Frantar and
 * Alistarh 2023) with a given mask. The layer's inputs are visited in order; each masked weight is set to zero and
 * the error that makes on the layer's output is moved onto the inputs not visited yet, by the optimal-brain-surgeon
 * update on the damped second moments H of the layer's input (the rows of U, U^T U = H^-1). Every output neuron's
 * weights are updated at once, so a layer costs one factorization and about (masked weights x inputs / 2)
 * multiply-adds. The mask does not change: the masked weights end at exactly zero.
 */
final class WandaRefit {

    /**
     * Added to H's diagonal, as a fraction of its mean: SparseGPT's 1 %, which keeps H invertible where features are
     * constant or collinear on the calibration data.
     */
    static final double DAMPING = 0.01;

    private WandaRefit() {}

    /** The layer's refitted weights (same layout as {@code w}); {@code keep} true = kept. */
    static float[] refit(LayerWeights layer, boolean[] keep, double[] moments) {
        int n = layer.inputs();
        int m = layer.outputs();
        double[] u = Cholesky.upperFactorOfInverse(damped(moments, n), n);
        double[][] rows = layer.rowsPerOutput();
        for (int i = 0; i < n; i++) {
            double pivot = u[i * n + i];
            for (int o = 0; o < m; o++) {
                if (!keep[layer.index(o, i)]) {
                    double error = rows[o][i] / pivot;
                    double[] row = rows[o];
                    for (int k = i + 1; k < n; k++) {
                        row[k] -= error * u[i * n + k];
                    }
                    row[i] = 0;
                }
            }
        }
        return layer.flatten(rows);
    }

    private static double[] damped(double[] moments, int n) {
        double[] h = moments.clone();
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += h[i * n + i] / n;
        }
        double damping = DAMPING * Math.max(mean, 1e-12);
        for (int i = 0; i < n; i++) {
            h[i * n + i] += damping;
        }
        return h;
    }

    /**
     * A MatMul or Gemm weight: [inputs, outputs], or [outputs, inputs] for a Gemm with transB.
     *
     * @param values the weight's values, row-major
     */
    record LayerWeights(float[] values, int inputs, boolean outputMajor) {

        int outputs() {
            return values.length / inputs;
        }

        int index(int output, int input) {
            return outputMajor ? output * inputs + input : input * outputs() + output;
        }

        /** One row of doubles per output neuron, indexed by input. */
        double[][] rowsPerOutput() {
            double[][] rows = new double[outputs()][inputs];
            for (int o = 0; o < rows.length; o++) {
                for (int i = 0; i < inputs; i++) {
                    rows[o][i] = values[index(o, i)];
                }
            }
            return rows;
        }

        float[] flatten(double[][] rows) {
            float[] out = new float[values.length];
            for (int o = 0; o < rows.length; o++) {
                for (int i = 0; i < inputs; i++) {
                    out[index(o, i)] = (float) rows[o][i];
                }
            }
            return out;
        }
    }
}
