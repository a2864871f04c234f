package dev.mcs.worker.distill;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.worker.distill.student.StudentDesign;
import dev.mcs.worker.distill.training.OutputKind;
import java.util.List;

/**
 * What {@code distill} did, reported as {@code metrics.technique}.
 *
 * @param method {@code distill}
 * @param studentKind the student's kind
 * @param studentFormat the student's (and the output's) format: {@code ONNX}, or {@code TORCHSCRIPT} for an uploaded
 *     TorchScript student
 * @param architecture the generated student's family (null for an uploaded student)
 * @param widths its hidden widths or stage channels
 * @param depthwiseSeparable whether its later stages are depthwise-separable
 * @param teacherParameters the teacher's parameter count
 * @param studentParameters the student's parameter count
 * @param trainingSamples samples trained on
 * @param validationSamples samples of the validation slice (every tenth training sample)
 * @param loss the loss trained on
 * @param epochsRun epochs that ran
 * @param bestEpoch the epoch whose checkpoint is the output
 * @param bestValidationLoss its validation loss (a TorchScript student's: measured on the output file, loaded again)
 * @param bestValidationAgreement its top-1 agreement with the teacher on the validation slice (likewise)
 * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
 * @param trainingMs training time
 * @param curve one row per epoch
 * @param outputKind what the loss took the teacher's output for ({@code classes}), once the caller said
 * @param outputKindReason why
 */
record DistillSummary(String method, String studentKind, ModelFormat studentFormat, String architecture,
        List<Integer> widths, boolean depthwiseSeparable, long teacherParameters, long studentParameters, int trainingSamples,
        int validationSamples, String loss, int epochsRun, int bestEpoch, double bestValidationLoss,
        double bestValidationAgreement, String stoppedBecause, long trainingMs, List<EpochReport> curve,
        String outputKind, String outputKindReason) {

    static DistillSummary of(DistillParams params, StudentChoice student, TrainingSet data, TrainingOutcome outcome) {
        EpochReport best = outcome.curve().get(outcome.bestEpoch() - 1);
        String loss = "soft targets (KL x T^2, T=" + params.temperature() + ")"
                + (data.labelled() ? " blended with label cross-entropy" : "");
        StudentDesign design = student.design();
        return new DistillSummary(DistillParams.NAME, params.student().kind(), ModelFormat.ONNX,
                design == null ? null : design.architecture(), design == null ? null : design.widths(),
                design != null && design.depthwiseSeparable(), data.targets().parameters(), student.parameters(),
                data.training().size(), data.validation().size(), loss, outcome.curve().size(), outcome.bestEpoch(),
                best.validationLoss(), best.validationAgreement(), outcome.stoppedBecause(), outcome.trainingMs(),
                outcome.curve(), null, null);
    }

    /**
     * The same, for a student of {@code format} whose best validation loss and agreement were measured again on the
     * output file.
     */
    DistillSummary measuredOnOutput(ModelFormat format, double validationLoss, double validationAgreement) {
        return new DistillSummary(method, studentKind, format, architecture, widths, depthwiseSeparable,
                teacherParameters, studentParameters, trainingSamples, validationSamples, loss, epochsRun, bestEpoch,
                validationLoss, validationAgreement, stoppedBecause, trainingMs, curve, outputKind, outputKindReason);
    }

    /** The same, saying what the teacher's output was taken for and why. */
    DistillSummary withOutputKind(OutputKind kind) {
        return new DistillSummary(method, studentKind, studentFormat, architecture, widths, depthwiseSeparable,
                teacherParameters, studentParameters, trainingSamples, validationSamples, loss, epochsRun, bestEpoch,
                bestValidationLoss, bestValidationAgreement, stoppedBecause, trainingMs, curve, kind.name(),
                kind.reason());
    }
}
