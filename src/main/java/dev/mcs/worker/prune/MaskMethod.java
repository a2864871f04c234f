package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.WandaParams;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.mask.MagnitudeMasks;
import dev.mcs.worker.prune.mask.Masks;
import dev.mcs.worker.prune.mask.WandaMasks;
import dev.mcs.worker.prune.recovery.RecoveryTraining;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code magnitude} and {@code wanda}: masks applied to the weights, then optionally recovery with the masks held;
 * {@code magnitude} on a TorchScript module through {@link TorchScriptMasking}.
 */
final class MaskMethod implements MethodRunner {

    enum Kind { MAGNITUDE, WANDA }

    private final Kind kind;

    MaskMethod(Kind kind) {
        this.kind = kind;
    }

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.PRUNE, kind == Kind.MAGNITUDE ? MagnitudeParams.NAME : WandaParams.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        String failed = StructuredMethod.FAILED;
        if (run.inputFormat() == ModelFormat.TORCHSCRIPT) {
            if (kind != Kind.MAGNITUDE) {
                throw new TechniqueException("format-not-supported", run.params().method() + ": a TorchScript module"
                        + " does not show its layers' inputs to Java; upload the model's ONNX export");
            }
            return TorchScriptMasking.apply(run, run.params(MagnitudeParams.class));
        }
        try {
            ModelProto original = OnnxModelFile.read(run.input()).proto();
            StageProgress.report(run.progress(), 0.05, "choosing the weights to zero");
            Map<String, boolean[]> masks = masks(run, original);
            if (masks.isEmpty()) {
                throw new TechniqueException(failed, run.params().method() + ": no weight matches: the graph has no"
                        + " selected layer with a weight initializer");
            }
            ModelProto pruned = Masks.apply(original, masks);
            RecoverySpec recovery = recovery(run.params());
            Distillation.Trained trained = null;
            if (recovery != null) {
                trained = RecoveryTraining.run(run, recovery, original, pruned, masks, failed);
            } else {
                RecoveryTraining.write(pruned, run.output());
            }
            ModelProto written = OnnxModelFile.read(run.output()).proto();
            return new PruneReport(run.params().method(), sparsity(run.params()), PruneReport.MASKS_ONLY,
                    FileSizes.of(run.input(), original), FileSizes.of(run.output(), written),
                    LayerSparsity.of(written, masks.keySet()), List.of(), List.of(), trained, List.of());
        } catch (OrtException | InvalidDatasetException | InvalidModelException | WandaMasks.PatternMismatch e) {
            throw new TechniqueException(failed, run.params().method() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, boolean[]> masks(MethodRun run, ModelProto original)
            throws OrtException, InvalidDatasetException, WandaMasks.PatternMismatch, TechniqueException {
        if (kind == Kind.MAGNITUDE) {
            return MagnitudeMasks.masks(original, run.params(MagnitudeParams.class));
        }
        return WandaMasks.masks(original, run.params(WandaParams.class), run.dataset());
    }

    private static RecoverySpec recovery(MethodParams params) {
        return params instanceof MagnitudeParams m ? m.recovery() : ((WandaParams) params).recovery();
    }

    private static Double sparsity(MethodParams params) {
        if (params instanceof MagnitudeParams m) {
            return m.sparsity();
        }
        WandaParams w = (WandaParams) params;
        return w.groupSize() > 0 ? 1.0 - (double) w.keptPerGroup() / w.groupSize() : w.sparsity();
    }
}
