package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.FloatMatrix;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.List;

/**
 * SmoothQuant's arithmetic: per input channel j, s_j = max|X_j|^alpha / max|W_j|^(1-alpha), so that
 * X/s is easier to quantize and W·diag(s) absorbs the difference (X·W = (X/s)·(diag(s)·W)).
 */
final class SmoothScales {

    /** Keeps a channel that never fired, or a dead weight row, from producing an absurd factor. */
    static final float MIN_SCALE = 1e-4f;
    static final float MAX_SCALE = 1e4f;

    private SmoothScales() {
    }

    /**
     * @param activationAbsMax max |X_j| over the calibration samples, per input channel
     * @param weights          every [K,N] weight that reads X; the row maxima are taken over all of them
     */
    static float[] scales(float[] activationAbsMax, List<FloatMatrix> weights, double alpha) {
        float[] weightAbsMax = new float[activationAbsMax.length];
        for (FloatMatrix w : weights) {
            float[] rows = rowAbsMax(w);
            for (int j = 0; j < rows.length; j++) {
                weightAbsMax[j] = Math.max(weightAbsMax[j], rows[j]);
            }
        }
        float[] s = new float[activationAbsMax.length];
        for (int j = 0; j < s.length; j++) {
            boolean dead = activationAbsMax[j] == 0f || weightAbsMax[j] == 0f;
            double raw = Math.pow(activationAbsMax[j], alpha) / Math.pow(weightAbsMax[j], 1 - alpha);
            s[j] = dead ? 1f : (float) Math.max(MIN_SCALE, Math.min(MAX_SCALE, raw));
        }
        return s;
    }

    /** max over n of |W[j,n]| for each row j of a [K,N] weight. */
    static float[] rowAbsMax(FloatMatrix w) {
        float[] max = new float[w.rows()];
        float[] v = w.values();
        for (int i = 0; i < v.length; i++) {
            int row = i / w.cols();
            max[row] = Math.max(max[row], Math.abs(v[i]));
        }
        return max;
    }

    /** W[j,:] * s_j: the weight side of the migration. */
    static FloatMatrix scaleRows(FloatMatrix w, float[] s) {
        float[] out = w.values().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s[i / w.cols()];
        }
        return new FloatMatrix(w.name(), w.rows(), w.cols(), out);
    }

    /** W[:,j] / s_j (or a bias vector b_j / s_j when rows = 1): how a producer absorbs X / s. */
    static float[] divideColumns(float[] values, int cols, float[] s) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= s[i % cols];
        }
        return out;
    }

    static float[] reciprocal(float[] s) {
        float[] r = new float[s.length];
        for (int j = 0; j < s.length; j++) {
            r[j] = 1f / s[j];
        }
        return r;
    }

    /** The factors of one group, from its activation statistics and the weights of its MatMuls. */
    static float[] forGroup(SmoothGroups.Group g, float[] absMax, GraphUses uses, double alpha)
            throws QuantizationException {
        if (absMax == null || absMax.length != g.channels()) {
            throw new QuantizationException("calibration gave no per-channel statistics of size " + g.channels()
                    + " for activation '" + g.activation() + "'");
        }
        List<FloatMatrix> weights = new ArrayList<>();
        for (OnnxMl.NodeProto m : g.matMuls()) {
            weights.add(FloatMatrix.of(uses.initializers().get(m.getInput(1))));
        }
        return scales(absMax, weights, alpha);
    }
}
