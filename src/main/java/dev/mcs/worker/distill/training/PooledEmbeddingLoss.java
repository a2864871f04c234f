package dev.mcs.worker.distill.training;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;

/**
 * Loss of embedding models on what users compare: the attention-mask mean-pooled output, so padding positions
 * never count and the student is free in how it spreads information over tokens.
 *
 * @param kind {@code cosine} (1 − cosine similarity) or {@code mse}
 */
public record PooledEmbeddingLoss(String kind) {

    private static final float EPSILON = 1e-9f;

    /**
     * @param studentHidden student output {@code [batch, sequence, hidden]}, or {@code [batch, hidden]} when the
     *     graph pools (compared as it is)
     * @param teacherPooled the teacher's pooled output {@code [batch, hidden]}, computed once before training
     * @param mask attention mask {@code [batch, sequence]}, 1 for tokens
     */
    public NDArray evaluate(NDArray studentHidden, NDArray teacherPooled, NDArray mask) {
        NDArray pooled = pool(studentHidden, mask);
        if ("mse".equals(kind)) {
            return pooled.sub(teacherPooled).square().mean();
        }
        return cosine(pooled, teacherPooled).neg().add(1).mean();
    }

    /** Mean over the positions the mask keeps; an output pooled inside the graph ({@code [batch, hidden]}) as it is. */
    public static NDArray pool(NDArray hidden, NDArray mask) {
        if (hidden.getShape().dimension() == 2) {
            return hidden;
        }
        NDArray weights = mask.toType(hidden.getDataType(), false).expandDims(-1);
        return hidden.mul(weights).sum(new int[] {1}).div(OwnedScalars.maximum(weights.sum(new int[] {1}), EPSILON));
    }

    /** Row-wise cosine similarity of two {@code [batch, hidden]} arrays. */
    public static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {-1});
        NDArray norms = OwnedScalars.maximum(a.norm(new int[] {-1}).mul(b.norm(new int[] {-1})), EPSILON);
        return dot.div(norms);
    }
}
