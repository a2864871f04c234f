package dev.mcs.worker.distill;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.training.SoftTargetLoss;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code distill} with an uploaded TorchScript student ({@code kind: model}): trained by the same
 * {@link StudentTrainer} as ONNX students (loss, schedule, gradient guard, early stopping, best checkpoint), written
 * as TorchScript, then loaded again from the output file for inference, as a user will load it, and measured on the
 * validation slice: the reported best validation loss and agreement are the saved file's.
 */
final class TorchScriptDistillation {

    private TorchScriptDistillation() {}

    static boolean applies(MethodRun run, DistillParams params) {
        return StudentSpec.MODEL.equals(params.student().kind())
                && run.modelFormat(DistillParams.STUDENT_MODEL) == ModelFormat.TORCHSCRIPT;
    }

    static DistillSummary apply(MethodRun run, DistillParams params, TrainingSet data, SoftTargetLoss loss)
            throws IOException, TechniqueException {
        Path file = run.models().get(DistillParams.STUDENT_MODEL);
        if (file == null) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: the uploaded student's file was not handed"
                    + " to the worker");
        }
        TrainingPlan plan = TrainingPlan.of(params);
        long parameters;
        TrainingOutcome outcome;
        try (TorchScriptStudent student = TorchScriptStudent.load(file, true)) {
            StudentFit.require(student, data);
            OneDnnCheck.verify(student, data, plan.batchSize());
            parameters = student.parameterCount();
            int epochs = params.epochs();
            outcome = new StudentTrainer(plan, loss, report -> StageProgress.report(run.progress(),
                    Math.min(0.99, report.epoch() / (double) epochs), report.describe(epochs)))
                    .train(student, data, run.output());
        }
        double[] saved;
        try (TorchScriptStudent output = TorchScriptStudent.load(run.output(), false)) {
            saved = new StudentTrainer(plan, loss, report -> { }).validate(output, data);
        }
        return DistillSummary.of(params, new StudentChoice(null, null, parameters), data, outcome)
                .measuredOnOutput(ModelFormat.TORCHSCRIPT, saved[0], saved[1]);
    }
}
