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
import dev.mcs.worker.prune.mask.MaskedModel;
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
            return onnx(run, failed);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | WandaMasks.PatternMismatch e) {
            throw new TechniqueException(failed, run.params().method() + ": " + e.getMessage(), e);
        }
    }

    /** One step, or the gradual schedule ({@link MaskSteps}), each step's masks applied to the last step's output. */
    private PruneReport onnx(MethodRun run, String failed) throws IOException, TechniqueException, OrtException,
            InvalidDatasetException, InvalidModelException, WandaMasks.PatternMismatch {
        ModelProto original = OnnxModelFile.read(run.input()).proto();
        MaskSteps schedule = new MaskSteps(run, recovery(run.params()), sparsity(run.params()));
        ModelProto current = original;
        Map<String, boolean[]> masks = Map.of();
        Distillation.Trained trained = null;
        for (int step = 1; step <= schedule.count(); step++) {
            MethodRun stepRun = schedule.run(step);
            StageProgress.report(stepRun.progress(), 0.05, "choosing the weights to zero");
            MaskedModel masked = masked(run, current, schedule.count() == 1 ? null : schedule.sparsity(step));
            masks = masked.masks();
            ModelProto pruned = masked.model();
            if (schedule.recovery() != null) {
                trained = RecoveryTraining.run(stepRun, schedule.recovery(), original, pruned, masks, failed);
            } else {
                RecoveryTraining.write(pruned, run.output());
            }
            current = OnnxModelFile.read(run.output()).proto();
            schedule.record(step, LayerSparsity.of(current, masks.keySet()),
                    FileSizes.of(run.output(), current).parameters(), trained);
        }
        return new PruneReport(run.params().method(), sparsity(run.params()), PruneReport.MASKS_ONLY,
                FileSizes.of(run.input(), original), FileSizes.of(run.output(), current),
                LayerSparsity.of(current, masks.keySet()), List.of(), List.of(), trained, schedule.rows());
    }

    /**
     * The masks of {@code model}, applied: at the method's sparsity, or at {@code sparsity} (a gradual step's) when
     * given.
     */
    private MaskedModel masked(MethodRun run, ModelProto model, Double sparsity)
            throws OrtException, InvalidDatasetException, WandaMasks.PatternMismatch, TechniqueException {
        MaskedModel masked;
        if (kind == Kind.MAGNITUDE) {
            MagnitudeParams p = run.params(MagnitudeParams.class);
            Map<String, boolean[]> masks = MagnitudeMasks.masks(model, sparsity == null ? p : new MagnitudeParams(
                    p.method(), sparsity, p.scope(), p.opTypes(), p.excludeNodes(), p.recovery()));
            masked = new MaskedModel(masks, Masks.apply(model, masks));
        } else {
            WandaParams p = run.params(WandaParams.class);
            masked = WandaMasks.prune(model, sparsity == null ? p : new WandaParams(p.method(), sparsity, p.pattern(),
                    p.excludeNodes(), p.refit(), p.recovery()), run.dataset(), run.maxSamples());
        }
        if (masked.masks().isEmpty()) {
            throw new TechniqueException(StructuredMethod.FAILED, run.params().method() + ": no weight matches: the"
                    + " graph has no selected layer with a weight initializer");
        }
        return masked;
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
