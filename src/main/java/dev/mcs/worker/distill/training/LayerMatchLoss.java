package dev.mcs.worker.distill.training;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;

/**
 * Intermediate-layer matching: a student layer's hidden states against the teacher layer it stands for, over the
 * tokens the attention mask keeps, as squared error relative to the teacher's squared values, so layers of any scale
 * weigh alike and the term sits on the same order as the pooled-output loss.
 */
public final class LayerMatchLoss {

    private static final float EPSILON = 1e-9f;

    private LayerMatchLoss() {}

    /**
     * @param student {@code [batch, sequence, hidden]}
     * @param teacher the same shape, zeros at padding positions
     * @param mask {@code [batch, sequence]}, 1 for tokens
     */
    public static NDArray relativeError(NDArray student, NDArray teacher, NDArray mask) {
        NDArray weights = mask.toType(student.getDataType(), false).expandDims(-1);
        NDArray error = student.sub(teacher).mul(weights).square().sum();
        return error.div(OwnedScalars.maximum(teacher.mul(weights).square().sum(), EPSILON));
    }
}
