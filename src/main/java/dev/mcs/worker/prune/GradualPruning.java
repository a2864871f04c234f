package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.recovery.RecoveryTraining;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradual {@code structured} pruning: {@code steps} rounds of pruning and recovery, the removed share of the original
 * units rising on the cubic ramp of Zhu and Gupta (2017), s_i = s (1 - (1 - i/k)^3): large steps while there is much
 * redundancy, small ones near the end. Every recovery trains against the original model and gets an equal share of
 * {@code maxTrainingTime}; each step's sparsity and fidelity become a job stage (so the event stream carries them) and
 * a row of the report.
 */
final class GradualPruning {

    /**
     * @param groups every group with its original units and the units kept after the last step
     * @param skipped candidates left alone (first step)
     * @param recovery the last step's recovery (and its group-lasso cut, if any)
     * @param steps one row per step
     */
    record Result(List<StructuredPruner.GroupResult> groups, List<String> skipped,
            RecoveryTraining.Structured recovery, List<GradualStep> steps) {}

    private GradualPruning() {}

    static double sparsityAfter(double target, int step, int steps) {
        return target * (1 - Math.pow(1 - step / (double) steps, 3));
    }

    static Result run(MethodRun run, StructuredParams params, ModelProto original) throws IOException,
            TechniqueException, StructuredPruner.NothingToPrune, OrtException, InvalidDatasetException,
            InvalidModelException, UnsupportedOperatorsException {
        RecoverySpec spec = params.recovery();
        int k = spec.steps();
        RecoverySpec perStep = spec.withSteps(1, spec.maxTrainingTime().dividedBy(k));
        Map<String, StructuredPruner.GroupResult> groups = new LinkedHashMap<>();
        List<String> skipped = List.of();
        List<GradualStep> steps = new ArrayList<>();
        ModelProto current = original;
        RecoveryTraining.Structured trained = null;
        for (int i = 1; i <= k; i++) {
            Map<String, Double> shares = stepShares(params, i, k, groups.values());
            MethodRun stepRun = run.withinStep(i, k);
            StageProgress.report(stepRun.progress(), 0, "pruning " + percents(shares) + " of the units left");
            StructuredPruner.Outcome outcome;
            try {
                outcome = StructuredPruner.prune(current, new StructuredParams(params.method(), params.sparsity(),
                        params.groups(), shares, params.criterion(), null, params.residualStreams()), run.dataset(),
                        run.maxSamples());
            } catch (StructuredPruner.NothingToPrune e) {
                if (trained == null || trained.penalty() == null) {
                    throw e;
                }
                // A group lasso's cut left no group with two units: the model is already past the ramp.
                StageProgress.report(run.progress(), Math.min(0.99, i / (double) k), "gradual step " + i + "/" + k
                        + " skipped: the group lasso left no group with two units");
                break;
            }
            skipped = i == 1 ? outcome.skipped() : skipped;
            for (StructuredPruner.GroupResult g : outcome.groups()) {
                groups.merge(g.node(), g, (first, now) -> first.withKept(now.kept()));
            }
            trained = RecoveryTraining.runStructured(stepRun, perStep, original, outcome.model(), params.groups(),
                    StructuredMethod.joinsStreams(outcome.groups()), StructuredMethod.FAILED);
            cutByPenalty(groups, trained);
            current = OnnxModelFile.read(run.output()).proto();
            int units = groups.values().stream().mapToInt(StructuredPruner.GroupResult::units).sum();
            int kept = groups.values().stream().mapToInt(StructuredPruner.GroupResult::kept).sum();
            GradualStep step = step(i, 1 - kept / (double) units, kept,
                    FileSizes.of(run.output(), current).parameters(), trained.trained());
            steps.add(step);
            StageProgress.report(run.progress(), Math.min(0.99, i / (double) k), step.describe(k));
        }
        return new Result(List.copyOf(groups.values()), skipped, trained, List.copyOf(steps));
    }

    /**
     * Each kind's share of its units still there that brings it to its point on the ramp: kinds are pruned at their
     * own pace, as {@code sparsityPerKind} asks.
     */
    static Map<String, Double> stepShares(StructuredParams params, int i, int k,
            Collection<StructuredPruner.GroupResult> sofar) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String kind : params.groups()) {
            int units = 0;
            int kept = 0;
            for (StructuredPruner.GroupResult g : sofar) {
                units += g.kind().equals(kind) ? g.units() : 0;
                kept += g.kind().equals(kind) ? g.kept() : 0;
            }
            double removed = units == 0 ? 0 : 1 - kept / (double) units;
            shares.put(kind, Math.max(0, 1 - (1 - sparsityAfter(params.sparsityOf(kind), i, k)) / (1 - removed)));
        }
        return shares;
    }

    /** The units a group lasso cut after this step's recovery leave the groups too: the next step ranks the rest. */
    private static void cutByPenalty(Map<String, StructuredPruner.GroupResult> groups,
            RecoveryTraining.Structured recovered) {
        if (recovered.groups() != null) {
            recovered.groups().forEach(g -> groups.computeIfPresent(g.node(), (node, first) ->
                    first.withKept(g.kept())));
        }
    }

    private static String percents(Map<String, Double> shares) {
        List<String> parts = new ArrayList<>();
        shares.forEach((kind, share) -> parts.add(kind + " " + Math.round(share * 1000) / 10.0 + " %"));
        return String.join(", ", parts);
    }

    private static GradualStep step(int i, double sparsity, int kept, long parameters, Distillation.Trained trained) {
        Double cosine = trained instanceof Distillation.EncoderResult e ? e.pooledCosineAfter() : null;
        Double agreement = trained instanceof Distillation.Result r ? r.bestValidationAgreement() : null;
        return new GradualStep(i, sparsity, kept, parameters, cosine, agreement, trained.stoppedBecause(),
                trained.trainingMs());
    }
}
