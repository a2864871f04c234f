package dev.mcs.worker.distill;

import dev.mcs.worker.engine.TorchRuntime;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.distill.training.SoftTargetLoss;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.OrtParity;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;

/**
 * {@code distill}: trains a student on a teacher's outputs: a generated one (kind {@code architecture}) for a
 * single-input classifier, the user's uploaded ONNX or TorchScript model (kind {@code model},
 * {@link TorchScriptDistillation}) whose output matches the teacher's, or a transformer encoder keeping some of the
 * teacher's layers (kind {@code layers}, {@link LayersDistillation}).
 */
final class DistillMethod implements MethodRunner {

    static final String FAILED = "distillation-failed";
    /** Samples of the parity check before training: enough to exercise every batch-dependent path. */
    private static final int PARITY_SAMPLES = 16;

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.DISTILL, DistillParams.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        DistillParams params = run.params(DistillParams.class);
        if (StudentSpec.LAYERS.equals(params.student().kind())) {
            return layers(run, params);
        }
        OutputKind kind = EncoderFitStudent.kind(run, params);
        if (kind.kind() != OutputKind.Kind.CLASSES) {
            return EncoderFitStudent.apply(run, params, kind);
        }
        try {
            TrainingSet data = run.inputFormat() == ModelFormat.TORCHSCRIPT
                    ? TorchScriptTeacher.run(run.input(), run.dataset()) : TeacherPass.run(run.input(), run.dataset());
            SoftTargetLoss loss = new SoftTargetLoss(params.temperature(), softTargetWeight(params, data));
            if (TorchScriptDistillation.applies(run, params)) {
                return TorchScriptDistillation.apply(run, params, data, loss).withOutputKind(kind);
            }
            StudentChoice student = StudentChoice.of(run, params, data);
            TrainingOutcome outcome = train(run, params, data, student, loss);
            return DistillSummary.of(params, student, data, outcome).withOutputKind(kind);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | IllegalArgumentException e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        } catch (StudentTrainer.Diverged e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        }
    }

    private static Record layers(MethodRun run, DistillParams params) throws IOException, TechniqueException {
        if (run.inputFormat() != ModelFormat.ONNX) {
            throw new TechniqueException(FAILED, "distill: a layers student is cut from the teacher's ONNX graph; this"
                    + " teacher is " + run.inputFormat());
        }
        try {
            return new LayersDistillation(run, params).apply();
        } catch (OrtException | InvalidDatasetException | InvalidModelException | IllegalArgumentException e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        } catch (UnsupportedOperatorsException | ParityException e) {
            throw new TechniqueException(FAILED, "distill: the student cannot be trained: " + e.getMessage(), e);
        } catch (StudentTrainer.Diverged e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        }
    }

    /** Without labels only the soft targets count; with labels, {@code alpha} (default 0.5) weighs them. */
    private static double softTargetWeight(DistillParams params, TrainingSet data) {
        if (!data.labelled()) {
            return 1.0;
        }
        return params.alpha() != null ? params.alpha() : 0.5;
    }

    private static TrainingOutcome train(MethodRun run, DistillParams params, TrainingSet data, StudentChoice choice,
            SoftTargetLoss loss) throws IOException, TechniqueException, OrtException {
        try (NDManager manager = TorchRuntime.engine().newBaseManager();
                TrainableOnnxModel student = TrainableOnnxModel.load(choice.model(), manager)) {
            StudentFit.require(student, data, manager);
            OrtParity.require(student, manager, data.firstTrainingSamples(PARITY_SAMPLES));
            int epochs = params.epochs();
            return new StudentTrainer(TrainingPlan.of(params), loss, report -> StageProgress.report(run.progress(),
                    Math.min(0.99, report.epoch() / (double) epochs), report.describe(epochs)))
                    .train(new OnnxStudent(student), data, run.output());
        } catch (UnsupportedOperatorsException | ParityException e) {
            throw new TechniqueException(FAILED, "distill: the student cannot be trained: " + e.getMessage(), e);
        }
    }
}
