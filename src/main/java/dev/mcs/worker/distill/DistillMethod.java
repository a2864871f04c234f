package dev.mcs.worker.distill;

import dev.mcs.worker.engine.TorchRuntime;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.student.GeneratedStudents;
import dev.mcs.worker.distill.student.StudentDesign;
import dev.mcs.worker.distill.student.TeacherShape;
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
import java.util.Arrays;

/**
 * {@code distill}: trains a student on an ONNX teacher's outputs. Today the student is generated (kind
 * {@code architecture}) for a single-input classifier; the API refuses the other kinds until they exist here.
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
        requireGeneratedStudent(params);
        try {
            TrainingSet data = run.inputFormat() == ModelFormat.TORCHSCRIPT
                    ? TorchScriptTeacher.run(run.input(), run.dataset()) : TeacherPass.run(run.input(), run.dataset());
            TeacherShape teacher = teacherShape(data);
            StudentSpec spec = params.student();
            StudentDesign design = GeneratedStudents.design(spec.architecture(), widths(spec), Boolean.TRUE.equals(
                    spec.depthwiseSeparable()), params.seed(), teacher);
            TrainingOutcome outcome = train(run, params, data, design, teacher);
            return DistillSummary.of(params, design, GeneratedStudents.parameters(design, teacher), teacher, data,
                    outcome);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | IllegalArgumentException e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        }
    }

    private static TrainingOutcome train(MethodRun run, DistillParams params, TrainingSet data, StudentDesign design,
            TeacherShape teacher) throws IOException, TechniqueException, OrtException {
        SoftTargetLoss loss = new SoftTargetLoss(params.temperature(), data.labelled() && params.alpha() != null
                ? params.alpha() : data.labelled() ? 0.5 : 1.0);
        try (NDManager manager = TorchRuntime.engine().newBaseManager();
                TrainableOnnxModel student = TrainableOnnxModel.load(GeneratedStudents.write(design, teacher), manager)) {
            OrtParity.require(student, manager, data.firstTrainingSamples(PARITY_SAMPLES));
            int epochs = params.epochs();
            return new StudentTrainer(TrainingPlan.of(params), loss, report -> StageProgress.report(run.progress(),
                    Math.min(0.99, report.epoch() / (double) epochs), report.describe(epochs)))
                    .train(student, data, run.output());
        } catch (UnsupportedOperatorsException | ParityException e) {
            throw new TechniqueException(FAILED, "distill: the student cannot be trained: " + e.getMessage(), e);
        } catch (StudentTrainer.Diverged e) {
            throw new TechniqueException(FAILED, "distill: " + e.getMessage(), e);
        }
    }

    private static void requireGeneratedStudent(DistillParams params)
            throws TechniqueException {
        if (!StudentSpec.ARCHITECTURE.equals(params.student().kind())) {
            throw new TechniqueException("not-implemented", "distill: students of kind '" + params.student().kind()
                    + "' are not supported yet");
        }
    }

    private static TeacherShape teacherShape(TrainingSet data) {
        var inputs = data.firstTrainingSamples(1).get(0).inputs();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("a generated student takes one input; the teacher has " + inputs.keySet());
        }
        var input = inputs.entrySet().iterator().next();
        long[] perSample = Arrays.copyOfRange(input.getValue().shape(), 1, input.getValue().shape().length);
        return new TeacherShape(input.getKey(), perSample, data.targets().output(), data.targets().width(),
                data.targets().parameters());
    }

    private static java.util.List<Integer> widths(StudentSpec spec) {
        return "cnn".equals(spec.architecture()) ? spec.channels() : spec.hidden();
    }
}
