package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.distill.Distillation;
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
            StructuredPruner.Outcome outcome = StructuredPruner.prune(original, params, run.dataset());
            Distillation.Trained recovery = null;
            if (params.recovery() != null) {
                recovery = RecoveryTraining.run(run, params.recovery(), original, outcome.model(), Map.of(),
                        FAILED);
            } else {
                RecoveryTraining.write(outcome.model(), run.output());
            }
            return report(run, params, original, outcome.groups(), outcome.skipped(), recovery, List.of());
        } catch (StructuredPruner.NothingToPrune e) {
            throw new TechniqueException(FAILED, "structured: " + e.getMessage(), e);
        } catch (OrtException | InvalidDatasetException | InvalidModelException | UnsupportedOperatorsException e) {
            throw new TechniqueException(FAILED, "structured: " + e.getMessage(), e);
        }
    }

    private static PruneReport report(MethodRun run, StructuredParams params, ModelProto original,
            List<StructuredPruner.GroupResult> groups, List<String> skipped, Distillation.Trained recovery,
            List<GradualStep> steps) throws IOException, InvalidModelException {
        ModelProto pruned = OnnxModelFile.read(run.output()).proto();
        return new PruneReport(StructuredParams.NAME, params.sparsity(), PruneReport.SMALLER_GRAPH,
                FileSizes.of(run.input(), original), FileSizes.of(run.output(), pruned), List.of(), groups, skipped,
                recovery, steps);
    }
}
