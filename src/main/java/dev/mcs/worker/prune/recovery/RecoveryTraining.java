package dev.mcs.worker.prune.recovery;

import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.prune.structured.UnitGroups;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Trains a pruned model against the job's original model and writes the best checkpoint to the run's output, with
 * the loss for what the output holds ({@link OutputKind}): class scores {@code [batch, classes]} on soft targets; an
 * encoder's token states {@code [batch, sequence, hidden]} (pooled) or an embedding pooled inside the graph
 * {@code [batch, hidden]} (as it is) on cosine and hidden states, as {@code layers} students train; a masked
 * TorchScript classifier on soft targets in libtorch ({@link #runTorchScript}).
 */
public final class RecoveryTraining {

    private RecoveryTraining() {}

    /**
     * A structured recovery: the training, and with {@code group-lasso} the cut of the units it zeroed.
     *
     * @param penalty the group lasso's cut, or null without it
     * @param groups with the group lasso, every group of the recovered graph (units before its cut, kept after); null
     *     without it
     */
    public record Structured(Distillation.Trained trained, PenaltyCut penalty,
            List<StructuredPruner.GroupResult> groups) {}

    /**
     * Recovers a structured-pruned model; with {@code group-lasso} every unit of the {@code kinds} groups of
     * {@code pruned} is shrunk after each step, and the units at zero are cut from the output afterwards.
     *
     * @param residualStreams whether the group lasso treats each Conv-written residual stream as one group, as the
     *     pruning did ({@code residualStreams: prune})
     */
    public static Structured runStructured(MethodRun run, RecoverySpec spec, ModelProto original, ModelProto pruned,
            Collection<String> kinds, boolean residualStreams, String failureType)
            throws IOException, TechniqueException {
        List<UnitGroups.Group> groups = spec.groupLasso() ? UnitGroups.of(pruned, kinds, residualStreams) : List.of();
        Distillation.Trained trained = train(run, spec, original, pruned, Map.of(), groups, failureType);
        if (!spec.groupLasso()) {
            return new Structured(trained, null, null);
        }
        try {
            boolean encoder = trained instanceof Distillation.EncoderResult;
            double threshold = learningRate(spec, encoder) * spec.penaltyStrength();
            GroupLassoCut.Outcome cut = GroupLassoCut.apply(OnnxModelFile.read(run.output()).proto(), run.output(),
                    kinds, residualStreams, spec.penaltyStrength(), threshold);
            return new Structured(trained, cut.report(), cut.groups());
        } catch (InvalidModelException e) {
            throw new TechniqueException(failureType, "recovery: the recovered model cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /**
     * @param original the model before pruning (the run's input)
     * @param pruned the pruned model
     * @param masks masked weights (true = kept), held at zero; empty for structured pruning
     */
    public static Distillation.Trained run(MethodRun run, RecoverySpec spec, ModelProto original, ModelProto pruned,
            Map<String, boolean[]> masks, String failureType) throws IOException, TechniqueException {
        return train(run, spec, original, pruned, masks, List.of(), failureType);
    }

    private static Distillation.Trained train(MethodRun run, RecoverySpec spec, ModelProto original,
            ModelProto pruned, Map<String, boolean[]> masks, List<UnitGroups.Group> groups, String failureType)
            throws IOException, TechniqueException {
        OutputKind kind = outputKind(original, spec.outputKind(), failureType);
        boolean encoder = kind.kind() != OutputKind.Kind.CLASSES;
        Distillation.Settings settings = settings(spec, encoder);
        Distillation.AfterStep penalty = Penalties.of(spec, masks, groups, encoder, settings.learningRate(),
                failureType);
        Path checkpoint = run.output().resolveSibling(run.output().getFileName() + ".recovery.onnx");
        ModelProto wrapped = MaskedGraph.wrap(pruned, masks);
        Predicate<String> frozen = name -> name.endsWith(MaskedGraph.MASK);
        try {
            Distillation.Trained result = encoder
                    ? Distillation.trainEncoder(run, original, wrapped, frozen, penalty, settings, checkpoint,
                            failureType)
                    : Distillation.train(run.input(), run.dataset(), wrapped, frozen, penalty, settings, checkpoint,
                            run.progress(), failureType);
            write(MaskedGraph.fold(OnnxModelFile.read(checkpoint).proto()), run.output());
            return result.withOutputKind(kind);
        } catch (InvalidModelException e) {
            throw new TechniqueException(failureType, "recovery: the checkpoint cannot be read: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(checkpoint);
        }
    }

    /**
     * Trains the masked TorchScript module {@code masked} against the run's input module (the classifier loss: soft
     * targets, blended with labels) with each mask re-applied after every optimizer step, and writes its best
     * checkpoint to the run's output as TorchScript. {@link TorchScriptRecovery} decides that the output is class
     * scores, and says why in the result.
     */
    static Distillation.Result runTorchScript(MethodRun run, RecoverySpec spec, Path masked,
            Map<String, boolean[]> masks, String failureType) throws IOException, TechniqueException {
        Distillation.Settings settings = settings(spec, false);
        Distillation.AfterStep penalty = Penalties.of(spec, masks, List.of(), false, settings.learningRate(),
                failureType);
        try (MaskHold hold = new MaskHold(masks)) {
            return Distillation.trainTorchScript(run.input(), run.dataset(), masked, new Distillation.AfterStep() {
                @Override
                public void beforeStep(Collection<Parameter> parameters) {
                    penalty.beforeStep(parameters);
                }

                @Override
                public void apply(Collection<Parameter> parameters) {
                    hold.apply(parameters);
                    penalty.apply(parameters);
                }

                @Override
                public long zeros(Collection<Parameter> parameters) {
                    return penalty.zeros(parameters);
                }
            }, settings, run.output(), run.progress(), failureType);
        }
    }

    static Distillation.Settings settings(RecoverySpec spec, boolean encoder) {
        return new Distillation.Settings(spec.epochs(), spec.batchSize(), learningRate(spec, encoder),
                spec.weightDecay(), spec.warmupFraction(), spec.patience(), spec.maxTrainingTime(), spec.seed(),
                spec.temperature(), spec.sparsestWithin());
    }

    static double learningRate(RecoverySpec spec, boolean encoder) {
        if (spec.learningRate() != null) {
            return spec.learningRate();
        }
        return encoder ? RecoverySpec.ENCODER_LEARNING_RATE : RecoverySpec.CLASSIFIER_LEARNING_RATE;
    }

    /**
     * DISTILL's losses compare class distributions, embeddings pooled inside the graph or per-token hidden states
     * (pooled first); which one, the graph says ({@link OutputKind}) unless {@code outputKind} does.
     */
    private static OutputKind outputKind(ModelProto model, String requested, String failureType)
            throws TechniqueException {
        try {
            return OutputKind.of(model.getGraph(), requested);
        } catch (IllegalArgumentException e) {
            throw new TechniqueException(failureType, "recovery: " + e.getMessage(), e);
        }
    }

    public static void write(ModelProto model, Path output) throws IOException {
        try (OutputStream out = Files.newOutputStream(output)) {
            model.writeTo(out);
        }
    }
}
