package dev.mcs.worker.distill.training;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Knowledge distillation for classifiers (Hinton et al.): KL(teacher ‖ student) of the temperature-softened
 * distributions, scaled by T² so its gradients keep their size as T changes, blended with cross-entropy on hard
 * labels when there are labels.
 *
 * @param temperature T, above 0
 * @param alpha weight of the soft-target term; the label term gets 1 − alpha
 */
public record SoftTargetLoss(double temperature, double alpha) {

    /** Mean loss over the batch; {@code labels} (int64 class indices) may be null, then only soft targets count. */
    public NDArray evaluate(NDArray studentLogits, NDArray teacherLogits, NDArray labels) {
        NDArray soft = softTargets(studentLogits, teacherLogits);
        if (labels == null) {
            return soft;
        }
        return OwnedScalars.mul(soft, (float) alpha).add(OwnedScalars.mul(hardLabels(studentLogits, labels), (float) (1 - alpha)));
    }

    NDArray softTargets(NDArray studentLogits, NDArray teacherLogits) {
        NDArray teacherLog = OwnedScalars.div(teacherLogits, (float) temperature).logSoftmax(-1);
        NDArray studentLog = OwnedScalars.div(studentLogits, (float) temperature).logSoftmax(-1);
        NDArray kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {-1});
        return OwnedScalars.mul(kl.mean(), (float) (temperature * temperature));
    }

    static NDArray hardLabels(NDArray studentLogits, NDArray labels) {
        long classes = studentLogits.getShape().get(studentLogits.getShape().dimension() - 1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot((int) classes)
                .toType(studentLogits.getDataType(), false);
        return oneHot.mul(studentLogits.logSoftmax(-1)).sum(new int[] {-1}).mean().neg();
    }
}
