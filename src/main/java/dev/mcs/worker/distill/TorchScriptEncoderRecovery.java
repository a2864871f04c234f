package dev.mcs.worker.distill;

import ai.onnxruntime.OnnxJavaType;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An edited TorchScript encoder (PRUNE's masked module) trained back towards the run's input module with the encoder
 * loss of ONNX encoders (1 - cosine of the mask-pooled outputs, {@link EncoderTrainer}), fed {@code input_ids} and
 * {@code attention_mask} in that order. A TorchScript graph is not read, so what the output holds comes from its
 * rank on the dataset's first samples ({@link #kind}); hidden states cannot be matched (the module shows only its
 * output), and no weight is frozen besides what {@code afterStep} holds.
 */
public final class TorchScriptEncoderRecovery {

    private static final List<ModelInput> TOKENS = List.of(
            new ModelInput(TorchScriptEncoderStudent.INPUT_IDS, OnnxJavaType.INT64, new long[] {-1, -1}),
            new ModelInput(TokenBatches.MASK, OnnxJavaType.INT64, new long[] {-1, -1}));

    private TorchScriptEncoderRecovery() {}

    /**
     * What the module's first output holds for recovery's loss. Without token arrays in the dataset the module is a
     * classifier fed one float array ({@code classes}). With them: rank 3 is token states ({@code tokens}); rank 2 is
     * an embedding when {@code requested} says {@code embedding}, and refused otherwise, since class scores of a
     * token model are not trained for TorchScript (its classifier training feeds one float input).
     *
     * @throws TechniqueException of {@code failureType} when {@code requested} cannot be honoured, saying why
     */
    public static OutputKind kind(Path module, DatasetPart data, String requested, String failureType)
            throws IOException, TechniqueException {
        try {
            if (!tokenData(data)) {
                if (OutputKind.EMBEDDING.equals(requested)) {
                    throw new IllegalArgumentException("outputKind 'embedding' trains a TorchScript encoder fed"
                            + " 'input_ids' and 'attention_mask', and the dataset has no such integer arrays");
                }
                return new OutputKind(OutputKind.Kind.CLASSES, OutputKind.CLASSES.equals(requested)
                        ? "outputKind 'classes' was given" : "the dataset holds no token arrays (input_ids,"
                        + " attention_mask): the module's one float input is fed and its output trained as class"
                        + " scores");
            }
            int rank = TorchScriptEncoderPass.outputRank(module, read(data, 2));
            return ofRank(rank, requested);
        } catch (InvalidDatasetException | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery: " + e.getMessage(), e);
        }
    }

    static OutputKind ofRank(int rank, String requested) {
        String seen = "on the dataset's first samples the module's first output has rank " + rank;
        if (rank == 3 && !OutputKind.CLASSES.equals(requested)) {
            return new OutputKind(OutputKind.Kind.TOKENS, seen + " [batch, sequence, hidden]: token states,"
                    + " mean-pooled over the attention mask (a TorchScript graph is not read)");
        }
        if (rank == 2 && OutputKind.EMBEDDING.equals(requested)) {
            return new OutputKind(OutputKind.Kind.EMBEDDING, "outputKind 'embedding' was given; " + seen
                    + " [batch, hidden], compared as it is");
        }
        if (rank == 2) {
            throw new IllegalArgumentException(seen + " [batch, width], which a TorchScript module's unread graph"
                    + " leaves undecided: set recovery.outputKind 'embedding' for a pooled sentence embedding; class"
                    + " scores of a module fed input_ids and attention_mask are not trained for TorchScript (upload"
                    + " the ONNX export)");
        }
        throw new IllegalArgumentException(seen + (rank == 3 ? " [batch, sequence, hidden], token states, which"
                + " outputKind 'classes' does not fit" : "; encoder recovery compares token states [batch,"
                + " sequence, hidden] or embeddings [batch, hidden]"));
    }

    /**
     * Trains {@code edited} (made from the run's input module) towards the input on the run's token dataset, with
     * {@code afterStep} after every optimizer step, and writes its best checkpoint to the run's output as TorchScript.
     * The pooled cosines before and after are measured in libtorch on the job's evaluation samples (else the
     * validation slice), the after one on the saved file loaded for inference.
     */
    public static Distillation.EncoderResult train(MethodRun run, Path edited, Distillation.AfterStep afterStep,
            Distillation.Settings settings, OutputKind kind, String failureType)
            throws IOException, TechniqueException {
        try {
            return fit(run, edited, afterStep, Distillation.plan(settings)).withOutputKind(kind);
        } catch (InvalidDatasetException | StudentTrainer.Diverged | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery training failed: " + e.getMessage(), e);
        }
    }

    private static Distillation.EncoderResult fit(MethodRun run, Path edited, Distillation.AfterStep afterStep,
            TrainingPlan plan) throws IOException, InvalidDatasetException {
        List<Sample> samples = read(run.dataset(), Integer.MAX_VALUE);
        EncoderSplit split = EncoderSplit.of(samples.size(), LayersDistillation.VALIDATION_MAX);
        EncoderProgress progress = new EncoderProgress(run.progress());
        progress.stage(0.02, "original module's outputs on " + samples.size() + " samples");
        EncoderTargets targets = new EncoderTargets(TorchScriptEncoderPass.pooled(run.input(), samples), null);
        Measured heldOut = Measured.of(run, samples, split);
        double before = heldOut.cosineOf(edited);
        EncoderData data = new EncoderData(samples, split.training(), split.validation(), targets,
                TorchScriptTeacher.OUTPUT, List.of());
        EncoderOutcome trained;
        try (TorchScriptStudent module = TorchScriptStudent.load(edited, true)) {
            trained = new EncoderTrainer(plan, new PooledEmbeddingLoss(EncoderRecovery.LOSS), progress, afterStep)
                    .train(new TorchScriptEncoderStudent(module), data, run.output());
        }
        return result(split, trained, heldOut, before, heldOut.cosineOf(run.output()));
    }

    private static Distillation.EncoderResult result(EncoderSplit split, EncoderOutcome trained, Measured heldOut,
            double before, double after) {
        EncoderEpoch best = trained.curve().get(trained.bestEpoch() - 1);
        return new Distillation.EncoderResult(split.training().size(), trained.curve().size(), trained.bestEpoch(),
                best.validationLoss(), best.validationCosine(), trained.stoppedBecause(), trained.trainingMs(),
                trained.steps(), trained.skippedSteps(), EncoderRecovery.LOSS, List.of(), List.of(), heldOut.source(),
                heldOut.samples().size(), before, after, trained.curve().stream().map(e ->
                        new Distillation.EncoderEpochRow(e.epoch(), e.steps(), e.trainLoss(), e.validationLoss(),
                                e.validationCosine(), e.elapsedMs())).toList(), null, null);
    }

    /**
     * Where the pooled cosines before and after are measured: the job's evaluation samples, which neither training
     * nor checkpoint choice sees, else the validation slice (said so in {@code source}).
     *
     * @param reference the original module's pooled outputs on {@code samples}
     */
    private record Measured(String source, List<Sample> samples, float[][] reference) {

        static Measured of(MethodRun run, List<Sample> training, EncoderSplit split)
                throws IOException, InvalidDatasetException {
            List<Sample> samples = run.evaluation() == null ? split.validation().stream().map(training::get).toList()
                    : read(run.evaluation(), run.settings().maxSamples());
            return new Measured(run.evaluation() == null ? "validation-slice" : run.evaluation().source(), samples,
                    TorchScriptEncoderPass.pooled(run.input(), samples));
        }

        double cosineOf(Path module) throws IOException {
            return TorchScriptEncoderPass.meanCosine(TorchScriptEncoderPass.pooled(module, samples), reference);
        }
    }

    /** The pooled cosine of {@code edited} to {@code original} on {@code data}'s token samples, in libtorch. */
    public static TorchScriptPooledAgreement compare(Path original, Path edited, DatasetPart data, int maxSamples,
            String failureType) throws IOException, TechniqueException {
        try {
            List<Sample> samples = read(data, maxSamples);
            return new TorchScriptPooledAgreement(data.source(), samples.size(), TorchScriptEncoderPass.meanCosine(
                    TorchScriptEncoderPass.pooled(edited, samples), TorchScriptEncoderPass.pooled(original, samples)));
        } catch (InvalidDatasetException | IllegalArgumentException e) {
            throw new TechniqueException(failureType, "the comparison with the original failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the dataset part holds {@code input_ids} and {@code attention_mask} arrays that read as integers (the
     * one reader decides, so a part this says yes to is one training can read).
     */
    public static boolean tokenData(DatasetPart part) {
        try {
            DatasetInputs.read(part, TOKENS, 1, "the dataset has no token samples");
            return true;
        } catch (InvalidDatasetException e) {
            return false;
        }
    }

    private static List<Sample> read(DatasetPart part, int maxSamples) throws InvalidDatasetException {
        List<Sample> samples = DatasetInputs.read(part, TOKENS, maxSamples, "the dataset has no token samples")
                .samples();
        TokenBatches.requireMask(samples.get(0));
        return samples;
    }
}
