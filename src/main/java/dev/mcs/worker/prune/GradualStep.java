package dev.mcs.worker.prune;

import java.util.Locale;

/**
 * One step of gradual {@code structured} pruning: the share of the original units removed after it, and how close the
 * recovered model came to the original.
 *
 * @param step from 1
 * @param sparsity the share of the original model's prunable units removed so far
 * @param unitsKept prunable units left
 * @param parameters parameters of the model after the step
 * @param pooledCosine for an encoder: the recovered model's mean pooled cosine to the original on the held-out samples
 *     (null for a classifier)
 * @param validationAgreement for a classifier: top-1 agreement with the original on the validation slice (null for an
 *     encoder)
 * @param stoppedBecause why the step's recovery stopped
 * @param trainingMs the step's recovery time
 */
record GradualStep(int step, double sparsity, int unitsKept, long parameters, Double pooledCosine,
        Double validationAgreement, String stoppedBecause, long trainingMs) {

    String describe(int steps) {
        String fidelity = pooledCosine != null ? String.format(Locale.ROOT, "pooled cosine %.4f", pooledCosine)
                : String.format(Locale.ROOT, "validation agreement %.4f", validationAgreement);
        return String.format(Locale.ROOT, "gradual step %d/%d: sparsity %.3f (%d units kept), %s", step, steps,
                sparsity, unitsKept, fidelity);
    }
}
