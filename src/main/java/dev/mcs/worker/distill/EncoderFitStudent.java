package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An uploaded ONNX student of an embedding teacher (its output pooled inside the graph, or per-token states), trained
 * with {@link EncoderFit} on {@code embeddingLoss} of the two outputs (each mask-pooled first only when it is per
 * token), no temperature; its cosine to the teacher is measured on held-out samples before and after.
 */
final class EncoderFitStudent {

    private EncoderFitStudent() {}

    /**
     * What the teacher's output holds for an uploaded student's loss; {@code classes} for every other student, for
     * TorchScript teachers, whose graph is not read, when the job says {@code classes} (a token classifier
     * {@code [batch, sequence, classes]} too), and for outputs of other ranks, which soft targets flatten.
     */
    static OutputKind kind(MethodRun run, DistillParams params) throws IOException, TechniqueException {
        boolean uploaded = StudentSpec.MODEL.equals(params.student().kind());
        boolean embedding = OutputKind.EMBEDDING.equals(params.outputKind());
        if (!uploaded || run.inputFormat() != ModelFormat.ONNX) {
            if (uploaded && embedding) {
                throw new TechniqueException(DistillMethod.FAILED, "distill: outputKind 'embedding' is built for ONNX"
                        + " teachers; upload the teacher's ONNX export");
            }
            return new OutputKind(OutputKind.Kind.CLASSES, uploaded ? "a TorchScript teacher's graph is not read: its"
                    + " output is trained as class scores" : "a generated student is a classifier");
        }
        if (OutputKind.CLASSES.equals(params.outputKind())) {
            return new OutputKind(OutputKind.Kind.CLASSES, "outputKind 'classes' was given");
        }
        try {
            OnnxMl.GraphProto graph = OnnxModelFile.read(run.input()).proto().getGraph();
            int rank = graph.getOutput(0).getType().getTensorType().getShape().getDimCount();
            if (!embedding && rank != 2 && rank != 3) {
                return new OutputKind(OutputKind.Kind.CLASSES, "output of rank " + rank + ": soft targets");
            }
            return OutputKind.of(graph, params.outputKind());
        } catch (InvalidModelException | IllegalArgumentException e) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: " + e.getMessage(), e);
        }
    }

    static Summary apply(MethodRun run, DistillParams params, OutputKind kind) throws IOException, TechniqueException {
        Path file = run.models().get(DistillParams.STUDENT_MODEL);
        if (file == null || run.modelFormat(DistillParams.STUDENT_MODEL) == ModelFormat.TORCHSCRIPT) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: an embedding teacher's uploaded student is"
                    + " trained as an ONNX graph; upload the student's ONNX export");
        }
        try {
            return train(run, params, kind, OnnxModelFile.read(run.input()).proto(), OnnxModelFile.read(file).proto());
        } catch (OrtException | InvalidDatasetException | InvalidModelException | IllegalArgumentException
                | StudentTrainer.Diverged e) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: " + e.getMessage(), e);
        } catch (UnsupportedOperatorsException | ParityException e) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: the student cannot be trained: "
                    + e.getMessage(), e);
        }
    }

    private static Summary train(MethodRun run, DistillParams params, OutputKind kind, OnnxMl.ModelProto teacher,
            OnnxMl.ModelProto student) throws IOException, OrtException, InvalidDatasetException,
            InvalidModelException, UnsupportedOperatorsException, ParityException {
        List<Sample> samples = DatasetInputs.read(run.dataset(), ModelInput.fed(teacher.getGraph()), Integer.MAX_VALUE,
                "the dataset has no samples to train on").samples();
        TokenBatches.requireMask(samples.get(0));
        EncoderSplit split = EncoderSplit.of(samples.size(), LayersDistillation.VALIDATION_MAX);
        EncoderFit.Outcome fit = EncoderFit.run(new EncoderFit.Job(run, teacher, student, samples, split,
                new LayerTargets(List.of(), List.of(), List.of()), name -> false, false, run.output()),
                TrainingPlan.of(params), new PooledEmbeddingLoss(params.embeddingLoss()),
                new EncoderProgress(run.progress()));
        EncoderOutcome outcome = fit.training();
        EncoderEpoch best = outcome.curve().get(outcome.bestEpoch() - 1);
        return new Summary(DistillParams.NAME, params.student().kind(), kind.name(), kind.reason(),
                LayersSummary.parameters(teacher), LayersSummary.parameters(student), split.training().size(),
                split.validation().size(), params.embeddingLoss(), fit.before(), fit.after(), fit.heldOut().source(),
                fit.heldOut().samples(), outcome.curve().size(), outcome.bestEpoch(), best.validationCosine(),
                outcome.stoppedBecause(), outcome.steps(), outcome.skippedSteps(), outcome.trainingMs(),
                outcome.curve());
    }

    /**
     * What {@code distill} did for an uploaded student of an embedding teacher, reported as {@code metrics.technique}.
     *
     * @param method {@code distill}
     * @param studentKind {@code model}
     * @param outputKind {@code embedding} (pooled inside the graph) or {@code tokens} (mask-pooled first)
     * @param outputKindReason why
     * @param teacherParameters the teacher's float weights
     * @param studentParameters the student's
     * @param trainingSamples samples trained on
     * @param validationSamples samples of the validation slice
     * @param loss {@code cosine} or {@code mse} on the (pooled) outputs
     * @param pooledCosineBefore mean cosine of the student's embedding to the teacher's on {@code heldOutSource},
     *     before training
     * @param pooledCosineAfter the same for the output model
     * @param heldOutSource where the two were measured
     * @param heldOutSamples how many samples
     * @param epochsRun epochs that ran
     * @param bestEpoch the epoch whose checkpoint is the output
     * @param bestValidationCosine its cosine on the validation slice
     * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
     * @param steps optimizer steps
     * @param skippedSteps steps skipped because their loss or gradient was not finite
     * @param trainingMs training time
     * @param curve one row per epoch
     */
    record Summary(String method, String studentKind, String outputKind, String outputKindReason,
            long teacherParameters, long studentParameters, int trainingSamples, int validationSamples, String loss,
            double pooledCosineBefore, double pooledCosineAfter, String heldOutSource, int heldOutSamples,
            int epochsRun, int bestEpoch, double bestValidationCosine, String stoppedBecause, int steps,
            int skippedSteps, long trainingMs, List<EncoderEpoch> curve) {}
}
