package dev.mcs.worker.prune;

import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.TorchScriptAgreement;
import dev.mcs.worker.distill.TorchScriptPooledAgreement;
import dev.mcs.worker.prune.recovery.PenaltyCut;
import dev.mcs.worker.prune.structured.StructuredPruner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a PRUNE job did and bought, reported as {@code metrics.technique}. The job's own metrics add the interleaved
 * latency of both models ({@code ratios.latencyP50}).
 *
 * @param method the method
 * @param sparsity the share asked for (of weights, or of units for {@code structured}); when every kind had a share of
 *     its own ({@code sparsityPerKind}), the share of all prunable units that {@code structured} removed, as achieved
 * @param runTimeGain what the output can gain at run time: for masks, explicitly none on a dense CPU runtime
 * @param before sizes of the original model
 * @param after sizes of the pruned model
 * @param layers zeros per pruned weight (masks)
 * @param groups units per group before and after ({@code structured})
 * @param skipped candidate groups left alone and why ({@code structured})
 * @param recovery how recovery training went (classifier or encoder loss), or null without it; with gradual steps,
 *     the last step's
 * @param steps gradual pruning, one row per step ({@code structured} with {@code recovery.steps} above 1); else empty
 * @param heldOut a TorchScript model's output against its original on the job's evaluation samples and its batch-1
 *     latency, measured in libtorch (the job's own evaluation measures ONNX models only); null for ONNX models or
 *     without evaluation data
 * @param heldOutPooled a TorchScript encoder's output against its original on the job's evaluation samples (the
 *     mean pooled cosine), measured in libtorch; null for classifiers, ONNX models or without evaluation data
 * @param removedPerKind {@code structured}: the share of each kind's prunable units removed, as achieved (kinds in
 *     the order of {@code groups}); empty for masks
 * @param recoveryPenalty what a {@code group-lasso} recovery cut beyond the requested sparsity (units zeroed and
 *     removed per kind, parameters and file size around the cut; with gradual steps, the last step's); null without it
 * @param residualStreams {@code structured} on ONNX: {@code auto}, {@code keep} or {@code prune}, as asked (the
 *     groups' {@code joined} say whether a stream was joined); null otherwise
 * @param warnings what the job could not do as asked, e.g. {@code residualStreams: prune} on a model with no residual
 *     stream written by Convs; empty when none
 */
record PruneReport(String method, Double sparsity, String runTimeGain, FileSizes before, FileSizes after,
        List<LayerSparsity> layers, List<StructuredPruner.GroupResult> groups, List<String> skipped,
        Distillation.Trained recovery, List<GradualStep> steps, TorchScriptAgreement heldOut,
        TorchScriptPooledAgreement heldOutPooled, Map<String, Double> removedPerKind, PenaltyCut recoveryPenalty,
        String residualStreams, List<String> warnings) {

    PruneReport {
        sparsity = sparsity == null && !groups.isEmpty() ? removed(groups) : sparsity;
    }

    /** The report of a TorchScript model, measured in libtorch. */
    PruneReport(String method, Double sparsity, String runTimeGain, FileSizes before, FileSizes after,
            List<LayerSparsity> layers, List<StructuredPruner.GroupResult> groups, List<String> skipped,
            Distillation.Trained recovery, List<GradualStep> steps, TorchScriptAgreement heldOut,
            TorchScriptPooledAgreement heldOutPooled) {
        this(method, sparsity, runTimeGain, before, after, layers, groups, skipped, recovery, steps, heldOut,
                heldOutPooled, perKind(groups), null, null, List.of());
    }

    /** The report of an ONNX {@code structured} model, with what a group-lasso recovery cut (null without it). */
    PruneReport(String method, Double sparsity, String runTimeGain, FileSizes before, FileSizes after,
            List<LayerSparsity> layers, List<StructuredPruner.GroupResult> groups, List<String> skipped,
            Distillation.Trained recovery, List<GradualStep> steps, PenaltyCut recoveryPenalty) {
        this(method, sparsity, runTimeGain, before, after, layers, groups, skipped, recovery, steps, null, null,
                perKind(groups), recoveryPenalty, null, List.of());
    }

    /** The report of an ONNX model, which the job's evaluation measures. */
    PruneReport(String method, Double sparsity, String runTimeGain, FileSizes before, FileSizes after,
            List<LayerSparsity> layers, List<StructuredPruner.GroupResult> groups, List<String> skipped,
            Distillation.Trained recovery, List<GradualStep> steps) {
        this(method, sparsity, runTimeGain, before, after, layers, groups, skipped, recovery, steps,
                (PenaltyCut) null);
    }

    /** The same report with the residual-stream mode that was asked and what could not be done as asked. */
    PruneReport withResidualStreams(String mode, List<String> notDone) {
        return new PruneReport(method, sparsity, runTimeGain, before, after, layers, groups, skipped, recovery, steps,
                heldOut, heldOutPooled, removedPerKind, recoveryPenalty, mode, List.copyOf(notDone));
    }

    /** The share of the groups' units removed. */
    private static double removed(List<StructuredPruner.GroupResult> groups) {
        long units = groups.stream().mapToLong(StructuredPruner.GroupResult::units).sum();
        long kept = groups.stream().mapToLong(StructuredPruner.GroupResult::kept).sum();
        return units == 0 ? 0 : 1 - (double) kept / units;
    }

    private static Map<String, Double> perKind(List<StructuredPruner.GroupResult> groups) {
        Map<String, List<StructuredPruner.GroupResult>> byKind = new LinkedHashMap<>();
        groups.forEach(g -> byKind.computeIfAbsent(g.kind(), kind -> new ArrayList<>()).add(g));
        Map<String, Double> out = new LinkedHashMap<>();
        byKind.forEach((kind, members) -> out.put(kind, removed(members)));
        return out;
    }

    static final String MASKS_ONLY = "no run-time gain: the zeros sit in a dense file of the same shape, which a CPU"
            + " runtime multiplies as before; the file compresses better (see after.gzipBytes)";
    static final String MASKS_ONLY_TORCHSCRIPT = "no run-time gain: the zeros sit in a dense module of the same shape,"
            + " which libtorch multiplies as before (heldOut.latencyRatio, measured in libtorch when the job has"
            + " evaluation samples); the file compresses better (see after.gzipBytes)";
    static final String MASKS_ONLY_TORCHSCRIPT_ENCODER = "no run-time gain: the zeros sit in a dense module of the"
            + " same shape, which libtorch multiplies as before; the file compresses better (see after.gzipBytes)";
    static final String SMALLER_GRAPH = "smaller graph: units removed from the weights, see ratios.latencyP50 for the"
            + " measured speed";
}
