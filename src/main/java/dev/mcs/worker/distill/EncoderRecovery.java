package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * An edited encoder (a pruned one; its output per-token states or an embedding pooled inside the graph) trained back
 * towards the model it was made from, with the layers students'
 * training ({@link EncoderFit}): pooled cosine loss, plus hidden-state matching of every layer when both graphs have
 * the same encoder layers (structured pruning keeps the residual stream, so layer i still stands for layer i).
 */
final class EncoderRecovery {

    static final String LOSS = "cosine";

    private EncoderRecovery() {}

    static Distillation.EncoderResult train(MethodRun run, OnnxMl.ModelProto original, OnnxMl.ModelProto edited,
            Predicate<String> frozen, Distillation.AfterStep afterStep, TrainingPlan plan, Path output) throws IOException, OrtException,
            InvalidDatasetException, InvalidModelException, UnsupportedOperatorsException, ParityException {
        List<Sample> samples = DatasetInputs.read(run.dataset(), ModelInput.fed(original.getGraph()),
                Integer.MAX_VALUE, "the dataset has no samples to train on").samples();
        TokenBatches.requireMask(samples.get(0));
        EncoderSplit split = EncoderSplit.of(samples.size(), LayersDistillation.VALIDATION_MAX);
        LayerTargets layers = matched(original, edited);
        EncoderFit.Outcome fit = EncoderFit.run(new EncoderFit.Job(run, original, edited, samples, split, layers,
                frozen, true, output, afterStep), plan, new PooledEmbeddingLoss(LOSS), new EncoderProgress(run.progress()));
        EncoderOutcome trained = fit.training();
        EncoderEpoch best = trained.curve().get(trained.bestEpoch() - 1);
        return new Distillation.EncoderResult(split.training().size(), trained.curve().size(), trained.bestEpoch(),
                best.validationLoss(), best.validationCosine(), trained.stoppedBecause(), trained.trainingMs(),
                trained.steps(), trained.skippedSteps(), LOSS, layers.teacherLayers(), fit.frozenTables(),
                fit.heldOut().source(), fit.heldOut().samples(), fit.before(), fit.after(), trained.curve().stream()
                        .map(e -> new Distillation.EncoderEpochRow(e.epoch(), e.steps(), e.trainLoss(),
                                e.validationLoss(), e.validationCosine(), e.elapsedMs())).toList(), null, null);
    }

    /**
     * Layer i of the edited encoder matched with layer i of the original, when both graphs hold encoder layers of the
     * same count; otherwise none (the pooled loss alone).
     */
    static LayerTargets matched(OnnxMl.ModelProto original, OnnxMl.ModelProto edited) {
        EncoderLayers from;
        EncoderLayers to;
        try {
            from = EncoderLayers.find(original.getGraph());
            to = EncoderLayers.find(edited.getGraph());
        } catch (IllegalArgumentException e) {
            return new LayerTargets(List.of(), List.of(), List.of());
        }
        if (from.count() != to.count()) {
            return new LayerTargets(List.of(), List.of(), List.of());
        }
        return new LayerTargets(IntStream.range(0, from.count()).boxed().toList(),
                from.layers().stream().map(EncoderLayers.Layer::output).toList(),
                to.layers().stream().map(EncoderLayers.Layer::output).toList());
    }
}
