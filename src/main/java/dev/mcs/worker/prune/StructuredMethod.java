package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.recovery.RecoveryTraining;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.StageProgress;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code structured}: removes whole units from the graph, then optionally recovers by distillation. */
final class StructuredMethod implements MethodRunner {

    static final String FAILED = JobType.PRUNE.failureType();

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.PRUNE, StructuredParams.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        StructuredParams params = run.params(StructuredParams.class);
        try {
            ModelProto original = OnnxModelFile.read(run.input()).proto();
            StageProgress.report(run.progress(), 0.05, "finding and scoring prunable groups");
            if (params.recovery() != null && params.recovery().steps() > 1) {
                GradualPruning.Result gradual = GradualPruning.run(run, params, original);
                return report(run, params, original, gradual.groups(), gradual.skipped(), gradual.recovery(),
                        gradual.steps());
            }
            StructuredPruner.Outcome outcome = StructuredPruner.prune(original, params, run.dataset(), run.maxSamples());
            if (params.recovery() == null) {
                RecoveryTraining.write(outcome.model(), run.output());
                return report(run, params, original, outcome.groups(), outcome.skipped(), null, List.of());
            }
            RecoveryTraining.Structured recovery = RecoveryTraining.runStructured(run, params.recovery(), original,
                    outcome.model(), params.groups(), joinsStreams(outcome.groups()), FAILED);
            return report(run, params, original, afterCut(outcome.groups(), recovery), outcome.skipped(), recovery,
                    List.of());
        } catch (StructuredPruner.NothingToPrune e) {
            throw new TechniqueException(FAILED, "structured: " + e.getMessage(), e);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | UnsupportedOperatorsException e) {
            throw new TechniqueException(FAILED, "structured: " + e.getMessage(), e);
        }
    }

    /**
     * The pruned groups with the units a group lasso's cut removed as well (matched by producing node, which the cut
     * keeps): {@code kept} is what the output holds.
     */
    static List<StructuredPruner.GroupResult> afterCut(List<StructuredPruner.GroupResult> pruned,
            RecoveryTraining.Structured recovery) {
        if (recovery.groups() == null) {
            return pruned;
        }
        Map<String, Integer> kept = new HashMap<>();
        recovery.groups().forEach(g -> kept.put(g.node(), g.kept()));
        return pruned.stream().map(g -> g.withKept(kept.getOrDefault(g.node(), g.kept()))).toList();
    }

    private static PruneReport report(MethodRun run, StructuredParams params, ModelProto original,
            List<StructuredPruner.GroupResult> groups, List<String> skipped, RecoveryTraining.Structured recovery,
            List<GradualStep> steps) throws IOException, InvalidModelException {
        ModelProto pruned = OnnxModelFile.read(run.output()).proto();
        return new PruneReport(StructuredParams.NAME, params.sparsity(), PruneReport.SMALLER_GRAPH,
                FileSizes.of(run.input(), original), FileSizes.of(run.output(), pruned), List.of(), groups, skipped,
                recovery == null ? null : recovery.trained(), steps, recovery == null ? null : recovery.penalty())
                .withResidualStreams(params.residualStreams(), residualWarnings(params, groups));
    }

    /** Whether a residual stream was joined: asked ({@code prune}) or chosen ({@code auto}). */
    static boolean joinsStreams(List<StructuredPruner.GroupResult> groups) {
        return groups.stream().anyMatch(g -> g.joined() > 0);
    }

    /**
     * {@code prune} that found no residual stream to join is said, not silently dropped: the skipped reasons say why
     * each stream stayed.
     */
    static List<String> residualWarnings(StructuredParams params, List<StructuredPruner.GroupResult> groups) {
        if (!params.prunesResidualStreams() || joinsStreams(groups)) {
            return List.of();
        }
        return List.of("residualStreams 'prune': no residual stream written by Convs could be joined into a group,"
                + " so none was pruned (see 'skipped' for why each candidate stayed; a transformer's hidden size,"
                + " tied by LayerNormalization, is never joined)");
    }
}
