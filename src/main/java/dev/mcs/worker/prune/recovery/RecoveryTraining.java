package dev.mcs.worker.prune.recovery;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Trains a pruned model against the job's original model and writes the best checkpoint to the run's output. */
public final class RecoveryTraining {

    private RecoveryTraining() {}

    /**
     * @param pruned the pruned model
     * @param masks masked weights (true = kept), held at zero; empty for structured pruning
     */
    public static Distillation.Result run(MethodRun run, RecoverySpec spec, ModelProto pruned,
            Map<String, boolean[]> masks, String failureType) throws IOException, TechniqueException {
        requireClassifierOutput(pruned, failureType);
        Distillation.Settings settings = new Distillation.Settings(spec.epochs(), spec.batchSize(),
                spec.learningRate(), spec.weightDecay(), spec.warmupFraction(), spec.patience(),
                spec.maxTrainingTime(), spec.seed(), spec.temperature());
        Path checkpoint = run.output().resolveSibling(run.output().getFileName() + ".recovery.onnx");
        try {
            Distillation.Result result = Distillation.train(run.input(), run.dataset(), MaskedGraph.wrap(pruned, masks),
                    name -> name.endsWith(MaskedGraph.MASK), settings, checkpoint, run.progress(), failureType);
            write(MaskedGraph.fold(OnnxModelFile.read(checkpoint).proto()), run.output());
            return result;
        } catch (InvalidModelException e) {
            throw new TechniqueException(failureType, "recovery: the checkpoint cannot be read: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(checkpoint);
        }
    }

    /**
     * DISTILL's soft-target loss compares class distributions; an embedding model's hidden states are not one, and
     * the pooled-embedding loss is not wired to this training yet.
     */
    private static void requireClassifierOutput(ModelProto model, String failureType) throws TechniqueException {
        ValueInfoProto first = model.getGraph().getOutput(0);
        int rank = first.getType().getTensorType().getShape().getDimCount();
        if (rank != 2) {
            throw new TechniqueException(failureType, "recovery trains on soft targets of a classifier output"
                    + " [batch, classes]; output '" + first.getName() + "' has rank " + rank + " (recovery of"
                    + " embedding models is not available yet: prune without 'recovery')");
        }
    }

    public static void write(ModelProto model, Path output) throws IOException {
        try (OutputStream out = Files.newOutputStream(output)) {
            model.writeTo(out);
        }
    }
}
