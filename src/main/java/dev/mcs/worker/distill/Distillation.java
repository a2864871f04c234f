package dev.mcs.worker.distill;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.distill.training.SoftTargetLoss;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.OrtParity;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;

/**
 * DISTILL's training for other techniques (PRUNE's recovery): a given ONNX student trained on an ONNX teacher's
 * outputs with the same teacher pass, validation slice, soft-target loss, AdamW schedule and best checkpoint as a
 * {@code distill} job ({@link #train}), or, for encoders, with the pooled-embedding loss and hidden-state matching of
 * {@code layers} students ({@link #trainEncoder}); a TorchScript module on a TorchScript teacher's outputs
 * ({@link #trainTorchScript}). Failures are {@link TechniqueException}s of the caller's problem type.
 */
public final class Distillation {

    private static final int PARITY_SAMPLES = 16;

    /**
     * Training settings, as {@code DistillParams} would give them; {@code sparsestWithin} null keeps the lowest
     * validation loss, else the checkpoint with the most zeros within that much validation agreement of the best
     * (classifier outputs; see {@link TrainingPlan}).
     */
    public record Settings(int epochs, int batchSize, double learningRate, double weightDecay, double warmupFraction,
            int patience, Duration maxTime, long seed, double temperature, Double sparsestWithin) {}

    /**
     * How training went.
     *
     * @param trainingSamples samples trained on
     * @param epochsRun epochs that ran
     * @param bestEpoch the epoch of the checkpoint in the output
     * @param bestValidationLoss its validation loss
     * @param bestValidationAgreement its top-1 agreement with the teacher on the validation slice
     * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
     * @param trainingMs training time
     * @param outputKind what the loss took the output for ({@code classes}), once the caller said
     * @param outputKindReason why
     */
    public record Result(int trainingSamples, int epochsRun, int bestEpoch, double bestValidationLoss,
            double bestValidationAgreement, String stoppedBecause, long trainingMs, String outputKind,
            String outputKindReason) implements Trained {

        @Override
        public Result withOutputKind(OutputKind kind) {
            return new Result(trainingSamples, epochsRun, bestEpoch, bestValidationLoss, bestValidationAgreement,
                    stoppedBecause, trainingMs, kind.name(), kind.reason());
        }
    }

    /** What every training reports, whichever loss it ran on. */
    public sealed interface Trained permits Result, EncoderResult {
        int epochsRun();

        int bestEpoch();

        String stoppedBecause();

        long trainingMs();

        /** The same result, saying which loss the output got and why. */
        Trained withOutputKind(OutputKind kind);
    }

    /**
     * How an encoder's training went (pooled-embedding loss, hidden-state matching).
     *
     * @param trainingSamples samples trained on
     * @param epochsRun epochs that ran (the last one partial when the time limit ended it)
     * @param bestEpoch the epoch of the checkpoint in the output
     * @param bestValidationLoss its mean pooled loss on the validation slice
     * @param bestValidationCosine its mean pooled cosine to the original on the validation slice
     * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
     * @param trainingMs training time, the original's pass not included
     * @param steps optimizer steps
     * @param skippedSteps steps skipped because their loss or gradient was not finite
     * @param loss the pooled-output loss ({@code cosine}: 1 - cosine)
     * @param matchedLayers encoder layers whose hidden states were matched with the original's (empty: pooled loss
     *     only)
     * @param frozen weights kept as they were: the embedding tables
     * @param heldOutSource where the two pooled cosines were measured ({@code evaluation-dataset}, {@code held-out}
     *     or {@code validation-slice})
     * @param heldOutSamples how many samples
     * @param pooledCosineBefore mean pooled cosine to the original on those samples before training
     * @param pooledCosineAfter the same for the output
     * @param curve one row per epoch
     * @param outputKind what the loss took the output for: {@code tokens} (mask-pooled first) or {@code embedding}
     *     (pooled inside the graph, compared as it is), once the caller said
     * @param outputKindReason why
     */
    public record EncoderResult(int trainingSamples, int epochsRun, int bestEpoch, double bestValidationLoss,
            double bestValidationCosine, String stoppedBecause, long trainingMs, int steps, int skippedSteps,
            String loss, List<Integer> matchedLayers, List<String> frozen, String heldOutSource, int heldOutSamples,
            double pooledCosineBefore, double pooledCosineAfter, List<EncoderEpochRow> curve, String outputKind,
            String outputKindReason) implements Trained {

        @Override
        public EncoderResult withOutputKind(OutputKind kind) {
            return new EncoderResult(trainingSamples, epochsRun, bestEpoch, bestValidationLoss, bestValidationCosine,
                    stoppedBecause, trainingMs, steps, skippedSteps, loss, matchedLayers, frozen, heldOutSource,
                    heldOutSamples, pooledCosineBefore, pooledCosineAfter, curve, kind.name(), kind.reason());
        }
    }

    /** One epoch of an encoder's training: train loss, validation pooled loss and cosine, time since the start. */
    public record EncoderEpochRow(int epoch, int steps, double trainLoss, double validationLoss,
            double validationCosine, long elapsedMs) {}

    /** Runs after every optimizer step, on the student's parameters (masks held, an L1 penalty's proximal step). */
    @FunctionalInterface
    public interface AfterStep {
        void apply(Collection<Parameter> parameters);

        /** Runs before every optimizer step, while the parameters still hold their (clipped) gradients. */
        default void beforeStep(Collection<Parameter> parameters) {
        }

        /** How many zeros (weights or whole units) the step has made so far: what a sparsest checkpoint counts. */
        default long zeros(Collection<Parameter> parameters) {
            return 0;
        }
    }

    private Distillation() {}

    /**
     * Trains the TorchScript module {@code student} on the TorchScript {@code teacher}'s outputs (the soft-target
     * loss, blended with labels where {@code data} has them), {@code afterStep} applied after every optimizer step,
     * and writes its best checkpoint to {@code output} as TorchScript; the result's validation loss and agreement
     * are the saved file's.
     */
    public static Result trainTorchScript(Path teacher, DatasetPart data, Path student, AfterStep afterStep,
            Settings settings, Path output, DoubleConsumer progress, String failureType)
            throws IOException, TechniqueException {
        try {
            return TorchScriptTraining.train(teacher, data, student, afterStep, settings, output, progress);
        } catch (InvalidDatasetException | StudentTrainer.Diverged | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery training failed: " + e.getMessage(), e);
        }
    }

    /** Compares two TorchScript classifiers on {@code data} in libtorch: outputs and latency. */
    public static TorchScriptAgreement compareTorchScript(Path original, Path edited, DatasetPart data,
            String failureType)
            throws IOException, TechniqueException {
        try {
            return TorchScriptTraining.compare(original, edited, data);
        } catch (InvalidDatasetException | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "the comparison with the original failed: " + e.getMessage(), e);
        }
    }

    static TrainingPlan plan(Settings settings) {
        return new TrainingPlan(settings.epochs(), settings.batchSize(), (float) settings.learningRate(),
                (float) settings.weightDecay(), settings.warmupFraction(), settings.patience(), settings.maxTime(),
                settings.seed(), settings.sparsestWithin());
    }

    /**
     * Trains {@code student} and writes its best checkpoint to {@code output}; parameters named by {@code frozen}
     * keep their values; {@code afterStep} runs after every optimizer step.
     */
    public static Result train(Path teacher, DatasetPart data, ModelProto student, Predicate<String> frozen,
            AfterStep afterStep, Settings settings, Path output, DoubleConsumer progress, String failureType)
            throws IOException, TechniqueException {
        try {
            TrainingSet set = TeacherPass.run(teacher, data);
            double softWeight = set.labelled() ? 0.5 : 1.0;
            SoftTargetLoss loss = new SoftTargetLoss(settings.temperature(), softWeight);
            TrainingPlan plan = plan(settings);
            try (NDManager manager = TorchRuntime.engine().newBaseManager();
                    TrainableOnnxModel model = TrainableOnnxModel.load(student, manager)) {
                model.freeze(frozen, true);
                StudentFit.require(model, set, manager);
                OrtParity.require(model, manager, set.firstTrainingSamples(PARITY_SAMPLES));
                TrainingOutcome outcome = new StudentTrainer(plan, loss, report -> StageProgress.report(progress,
                        Math.min(0.99, report.epoch() / (double) settings.epochs()),
                        report.describe(settings.epochs()))).train(new SteppedStudent(new OnnxStudent(model),
                        afterStep), set, output);
                EpochReport best = outcome.curve().get(outcome.bestEpoch() - 1);
                return new Result(set.training().size(), outcome.curve().size(), outcome.bestEpoch(),
                        best.validationLoss(), best.validationAgreement(), outcome.stoppedBecause(),
                        outcome.trainingMs(), null, null);
            }
        } catch (OrtException | InvalidDatasetException | InvalidModelException | UnsupportedOperatorsException
                | ParityException | StudentTrainer.Diverged | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery training failed: " + e.getMessage(), e);
        }
    }

    /**
     * Trains {@code edited}, an encoder made from the run's input model {@code original} (pruned: same inputs, a
     * {@code [batch, sequence, hidden]} first output), back towards it on the run's token dataset with the training
     * of {@code layers} students, and writes its best checkpoint to {@code output}; parameters named by
     * {@code frozen} keep their values, and so do the embedding tables. {@code temperature} does not apply.
     */
    public static EncoderResult trainEncoder(MethodRun run, ModelProto original, ModelProto edited,
            Predicate<String> frozen, Settings settings, Path output, String failureType)
            throws IOException, TechniqueException {
        return trainEncoder(run, original, edited, frozen, parameters -> { }, settings, output, failureType);
    }

    /** As above, with {@code afterStep} run around every optimizer step (a recovery penalty's proximal step). */
    public static EncoderResult trainEncoder(MethodRun run, ModelProto original, ModelProto edited,
            Predicate<String> frozen, AfterStep afterStep, Settings settings, Path output, String failureType)
            throws IOException, TechniqueException {
        TrainingPlan plan = plan(settings);
        try {
            return EncoderRecovery.train(run, original, edited, frozen, afterStep, plan, output);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | UnsupportedOperatorsException
                | ParityException | StudentTrainer.Diverged | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery training failed: " + e.getMessage(), e);
        }
    }
}
