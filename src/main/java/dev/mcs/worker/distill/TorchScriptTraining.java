package dev.mcs.worker.distill;

import dev.mcs.worker.distill.training.SoftTargetLoss;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.technique.StageProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * DISTILL's training of a TorchScript module against another TorchScript module's outputs, for other techniques
 * (PRUNE's recovery of a masked module): the teacher's outputs once in libtorch, the same validation slice, soft-target
 * loss, schedule, gradient guard and best checkpoint as an uploaded TorchScript student, with a hook after every
 * optimizer step. The reported validation loss and agreement are measured again on the saved file, loaded for
 * inference as a user will load it.
 */
final class TorchScriptTraining {

    private TorchScriptTraining() {}

    static Distillation.Result train(Path teacher, DatasetPart data, Path student, Distillation.AfterStep afterStep,
            Distillation.Settings settings, Path output, DoubleConsumer progress)
            throws IOException, InvalidDatasetException {
        TrainingSet set = TorchScriptTeacher.run(teacher, data);
        SoftTargetLoss loss = new SoftTargetLoss(settings.temperature(), set.labelled() ? 0.5 : 1.0);
        TrainingPlan plan = Distillation.plan(settings);
        TrainingOutcome outcome;
        try (TorchScriptStudent module = TorchScriptStudent.load(student, true)) {
            OneDnnCheck.verify(module, set, plan.batchSize());
            outcome = new StudentTrainer(plan, loss, report -> StageProgress.report(progress,
                    Math.min(0.99, report.epoch() / (double) settings.epochs()), report.describe(settings.epochs())))
                    .train(new SteppedStudent(module, afterStep), set, output);
        }
        double[] saved;
        try (TorchScriptStudent written = TorchScriptStudent.load(output, false)) {
            saved = new StudentTrainer(plan, loss, report -> { }).validate(written, set);
        }
        return new Distillation.Result(set.training().size(), outcome.curve().size(), outcome.bestEpoch(), saved[0],
                saved[1], outcome.stoppedBecause(), outcome.trainingMs(), null, null);
    }

    /**
     * Top-1 agreement of {@code edited} with {@code original}, both accuracies where {@code data} has labels, and
     * their batch-1 latency on its first sample.
     */
    static TorchScriptAgreement compare(Path original, Path edited, DatasetPart data)
            throws IOException, InvalidDatasetException {
        TrainingSet reference = TorchScriptTeacher.run(original, data);
        TrainingSet other = TorchScriptTeacher.run(edited, data);
        float[][] a = reference.targets().values();
        float[][] b = other.targets().values();
        long[] labels = reference.labels();
        int agree = 0;
        int originalRight = 0;
        int editedRight = 0;
        for (int i = 0; i < a.length; i++) {
            int top = argMax(a[i]);
            int editedTop = argMax(b[i]);
            agree += top == editedTop ? 1 : 0;
            originalRight += labels != null && top == labels[i] ? 1 : 0;
            editedRight += labels != null && editedTop == labels[i] ? 1 : 0;
        }
        double n = a.length;
        TorchScriptLatency.Result latency = TorchScriptLatency.measure(original, edited, reference);
        return new TorchScriptAgreement(data.source(), a.length, agree / n,
                labels == null ? null : originalRight / n, labels == null ? null : editedRight / n, latency.ratio(),
                latency.originalMicros(), latency.editedMicros(), latency.rounds());
    }

    private static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }
}
