package dev.mcs.worker.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.TorchScriptAgreement;
import dev.mcs.worker.distill.TorchScriptEncoderRecovery;
import dev.mcs.worker.distill.TorchScriptPooledAgreement;
import dev.mcs.worker.distill.TorchScriptStudent;
import dev.mcs.worker.prune.mask.TorchScriptMasks;
import dev.mcs.worker.prune.recovery.TorchScriptRecovery;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code magnitude} on a TorchScript module: loaded in libtorch with trainable parameters, the chosen weights set to
 * zero in place, saved as TorchScript ({@code JniUtils.writeModule}), optionally recovered against the original with
 * the masks re-applied after every optimizer step. The output is loaded again for inference and every masked entry
 * checked to be zero; its fidelity to the original is measured in libtorch on the job's evaluation samples.
 */
final class TorchScriptMasking {

    private TorchScriptMasking() {}

    /** The last step's masks, the written module's parameters and the last recovery (or null). */
    private record Last(Map<String, boolean[]> masks, List<TorchScriptMasks.Weight> written,
            Distillation.Trained trained) {}

    static PruneReport apply(MethodRun run, MagnitudeParams params) throws IOException, TechniqueException {
        String failed = StructuredMethod.FAILED;
        Path masked = params.recovery() == null ? run.output()
                : run.output().resolveSibling(run.output().getFileName() + ".masked.pt");
        MaskSteps schedule = new MaskSteps(run, params.recovery(), params.sparsity());
        try {
            List<TorchScriptMasks.Weight> original = read(run.input());
            Last last = steps(run, params, schedule, masked);
            boolean encoder = run.evaluation() != null && TorchScriptEncoderRecovery.tokenData(run.evaluation());
            TorchScriptAgreement heldOut = run.evaluation() == null || encoder ? null
                    : Distillation.compareTorchScript(run.input(), run.output(), run.evaluation(), failed);
            TorchScriptPooledAgreement pooled = encoder ? TorchScriptEncoderRecovery.compare(run.input(),
                    run.output(), run.evaluation(), run.settings().maxSamples(), failed) : null;
            return new PruneReport(params.method(), params.sparsity(), encoder
                    ? PruneReport.MASKS_ONLY_TORCHSCRIPT_ENCODER : PruneReport.MASKS_ONLY_TORCHSCRIPT,
                    sizes(run.input(), original), sizes(run.output(), last.written()),
                    layers(last.written(), last.masks()), List.of(), List.of(), last.trained(), schedule.rows(),
                    heldOut, pooled);
        } catch (TorchScriptMasks.UnknownModules e) {
            throw new TechniqueException(failed, "magnitude: " + e.getMessage(), e);
        } finally {
            if (!masked.equals(run.output())) {
                Files.deleteIfExists(masked);
            }
        }
    }

    /** One step, or the gradual schedule, each step masking the last step's output (the input first). */
    private static Last steps(MethodRun run, MagnitudeParams params, MaskSteps schedule, Path masked)
            throws IOException, TechniqueException, TorchScriptMasks.UnknownModules {
        Last last = null;
        for (int step = 1; step <= schedule.count(); step++) {
            MethodRun stepRun = schedule.run(step);
            StageProgress.report(stepRun.progress(), 0.05, "choosing the weights to zero");
            Map<String, boolean[]> masks = mask(step == 1 ? run.input() : run.output(),
                    withSparsity(params, schedule.sparsity(step)), masked);
            Distillation.Trained trained = schedule.recovery() == null ? null : TorchScriptRecovery.run(stepRun,
                    schedule.recovery(), masked, masks, StructuredMethod.FAILED);
            last = new Last(masks, written(run.output(), masks, StructuredMethod.FAILED), trained);
            schedule.record(step, layers(last.written(), masks), sizes(run.output(), last.written()).parameters(),
                    trained);
        }
        return last;
    }

    /** Zeroes the chosen weights of the module in {@code file} and writes it to {@code masked}. */
    private static Map<String, boolean[]> mask(Path file, MagnitudeParams params, Path masked)
            throws IOException, TechniqueException, TorchScriptMasks.UnknownModules {
        try (TorchScriptStudent module = TorchScriptStudent.load(file, true)) {
            Map<String, boolean[]> masks = TorchScriptMasks.magnitude(weights(module), params);
            if (masks.isEmpty()) {
                throw new TechniqueException(StructuredMethod.FAILED, "magnitude: no parameter matches: the module"
                        + " has no weight of rank 2 (Linear) or 3 to 5 (Conv) for opTypes " + params.opTypes());
            }
            zero(module, masks);
            module.save(masked);
            return masks;
        }
    }

    private static MagnitudeParams withSparsity(MagnitudeParams p, double sparsity) {
        return new MagnitudeParams(p.method(), sparsity, p.scope(), p.opTypes(), p.excludeNodes(), p.recovery());
    }

    private static List<TorchScriptMasks.Weight> read(Path file) throws IOException {
        try (TorchScriptStudent module = TorchScriptStudent.load(file, false)) {
            return weights(module);
        }
    }

    private static List<TorchScriptMasks.Weight> weights(TorchScriptStudent module) {
        List<TorchScriptMasks.Weight> out = new ArrayList<>();
        for (Parameter p : module.parameters()) {
            NDArray array = p.getArray();
            out.add(new TorchScriptMasks.Weight(p.getName(), array.getShape().dimension(), array.toFloatArray()));
        }
        return out;
    }

    private static void zero(TorchScriptStudent module, Map<String, boolean[]> masks) {
        for (Parameter p : module.parameters()) {
            boolean[] keep = masks.get(p.getName());
            if (keep != null) {
                float[] values = p.getArray().toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] = keep[i] ? values[i] : 0f;
                }
                p.getArray().set(values);
            }
        }
    }

    /** The output's parameters, as a user loads it; a masked entry that is not zero fails the job. */
    private static List<TorchScriptMasks.Weight> written(Path output, Map<String, boolean[]> masks, String failed)
            throws IOException, TechniqueException {
        List<TorchScriptMasks.Weight> weights = read(output);
        for (TorchScriptMasks.Weight w : weights) {
            boolean[] keep = masks.get(w.name());
            for (int i = 0; keep != null && i < keep.length; i++) {
                if (!keep[i] && w.values()[i] != 0f) {
                    throw new TechniqueException(failed, "magnitude: the written module's " + w.name() + " has a"
                            + " non-zero value where its mask is zero: the mask was not held");
                }
            }
        }
        return weights;
    }

    private static FileSizes sizes(Path file, List<TorchScriptMasks.Weight> weights) throws IOException {
        long parameters = 0;
        long nonZero = 0;
        for (TorchScriptMasks.Weight w : weights) {
            parameters += w.values().length;
            for (float v : w.values()) {
                nonZero += v != 0f ? 1 : 0;
            }
        }
        return FileSizes.of(file, parameters, nonZero);
    }

    private static List<LayerSparsity> layers(List<TorchScriptMasks.Weight> weights, Map<String, boolean[]> masks) {
        return weights.stream().filter(w -> masks.containsKey(w.name()))
                .map(w -> LayerSparsity.of(w.name(), w.values())).toList();
    }
}
