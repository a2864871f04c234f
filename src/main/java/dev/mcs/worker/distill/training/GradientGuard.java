package dev.mcs.worker.distill.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.Collection;

/**
 * Guards an optimizer step against gradient spikes: the gradients of all trainable weights are scaled together so
 * their global L2 norm is at most {@code maxNorm}, and a step whose loss or gradient norm is not finite is skipped
 * with its gradients zeroed, so one bad batch cannot turn the weights into NaN. (A layers student of MiniLM went NaN
 * in its second epoch without this, at lr 3e-4.)
 */
public final class GradientGuard {

    /** Global gradient norm clip, BERT's customary value; with Adam it only tames spikes, as Adam rescales anyway. */
    public static final float MAX_NORM = 1.0f;
    /**
     * Skipped steps in a row after which an encoder's training counts as diverged (a classifier's is judged by its
     * epoch's validation instead).
     */
    public static final int MAX_SKIPPED_IN_A_ROW = 10;
    /**
     * Times a batch is computed before its step is skipped: a non-finite loss or gradient has been a kernel's
     * transient fault as often as the batch's own (see the ONNX executor's {@code PaddedConv}).
     */
    public static final int ATTEMPTS = 3;

    private GradientGuard() {}

    /**
     * @return the gradient norm before clipping; not finite when the step must be skipped (gradients are zeroed then)
     */
    public static double clip(Collection<Parameter> parameters, double loss, float maxNorm) {
        double squares = 0;
        for (Parameter p : parameters) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                // The gradient handle is the engine's own gradient: only the temporaries made from it are closed.
                NDArray gradient = p.getArray().getGradient();
                try (NDArray squared = gradient.square(); NDArray sum = squared.sum()) {
                    squares += sum.getFloat();
                }
            }
        }
        double norm = Math.sqrt(squares);
        boolean skip = !Double.isFinite(loss) || !Double.isFinite(norm);
        float scale = (float) Math.min(1.0, maxNorm / Math.max(norm, 1e-12));
        if (skip || scale < 1f) {
            for (Parameter p : parameters) {
                if (p.requiresGradient() && p.getArray().hasGradient()) {
                    NDArray gradient = p.getArray().getGradient();
                    // Filled rather than multiplied when skipping: NaN times 0 stays NaN.
                    if (skip) {
                        gradient.set(new NDIndex("..."), 0f);
                    } else {
                        gradient.muli(scale);
                    }
                }
            }
        }
        return skip ? Double.NaN : norm;
    }
}
