package dev.mcs.worker.distill;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.distill.layers.LayerCut;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.OrtParity;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code layers} student: the teacher's encoder layers are found from its graph, the kept ones (given, or chosen by
 * measurement) are cut into a student with the teacher's weights, the teacher's pooled outputs and matched hidden
 * states are computed once, and the student is trained on them; its pooled cosine to the teacher is measured on the
 * held-out samples before and after training.
 */
final class LayersDistillation {

    /** Validation samples that score each epoch and each candidate layer subset: enough for a stable mean. */
    static final int VALIDATION_MAX = 512;
    static final int SELECTION_SAMPLES = 256;
    private static final int PARITY_SAMPLES = 16;

    private final MethodRun run;
    private final DistillParams params;
    private final EncoderProgress progress;

    LayersDistillation(MethodRun run, DistillParams params) {
        this.run = run;
        this.params = params;
        this.progress = new EncoderProgress(run.progress());
    }

    LayersSummary apply() throws IOException, TechniqueException, OrtException, InvalidDatasetException,
            InvalidModelException, UnsupportedOperatorsException, ParityException {
        OnnxMl.ModelProto teacher = OnnxModelFile.read(run.input()).proto();
        EncoderLayers encoder = EncoderLayers.find(teacher.getGraph());
        StudentSpec spec = params.student();
        LayerChoice given = spec.keep() == null ? null : LayerChoice.given(encoder, spec.keep());
        List<Sample> samples = DatasetInputs.read(run.dataset(), ModelInput.fed(teacher.getGraph()), Integer.MAX_VALUE,
                "the dataset has no samples to train on").samples();
        TokenBatches.requireMask(samples.get(0));
        EncoderSplit split = EncoderSplit.of(samples.size(), VALIDATION_MAX);
        long selectionStart = System.nanoTime();
        progress.stage(0.01, given != null ? "cutting layers " + given.keep() : "measuring which " + spec.layers()
                + " of " + encoder.count() + " layers to keep");
        LayerChoice choice = given != null ? given : LayerChoice.measure(teacher, encoder, spec.layers(),
                split.validation().stream().limit(SELECTION_SAMPLES).map(samples::get).toList());
        long selectionMs = (System.nanoTime() - selectionStart) / 1_000_000;
        return train(teacher, encoder, choice, samples, split, selectionMs);
    }

    private LayersSummary train(OnnxMl.ModelProto teacher, EncoderLayers encoder, LayerChoice choice,
            List<Sample> samples, EncoderSplit split, long selectionMs)
            throws IOException, TechniqueException, OrtException, InvalidDatasetException, InvalidModelException,
            UnsupportedOperatorsException, ParityException {
        OnnxMl.ModelProto cut = LayerCut.keep(teacher, encoder, choice.keep());
        LayerTargets layers = LayerTargets.of(encoder, choice.keep(), Boolean.TRUE.equals(params.matchLayers()));
        long teacherStart = System.nanoTime();
        Path hiddenFile = run.output().resolveSibling(run.output().getFileName() + ".teacher-hidden");
        try (EncoderTargets targets = EncoderTargets.compute(teacher, samples, layers.teacher(), hiddenFile,
                        done -> progress.stage(0.02 + 0.08 * done / samples.size(), "teacher outputs: " + done + "/"
                                + samples.size() + " samples"));
                NDManager manager = TorchRuntime.engine().newBaseManager();
                TrainableOnnxModel student = TrainableOnnxModel.load(cut, manager)) {
            long teacherMs = (System.nanoTime() - teacherStart) / 1_000_000;
            List<String> frozen = Boolean.TRUE.equals(params.freezeEmbeddings()) ? EmbeddingTables.freeze(student)
                    : List.of();
            OrtParity.require(student, manager, split.training().stream().limit(PARITY_SAMPLES).map(samples::get).toList());
            HeldOut heldOut = HeldOut.of(run, teacher, samples, split);
            double before = heldOut.agreement().of(cut);
            EncoderOutcome outcome = fit(student, new EncoderData(samples, split.training(), split.validation(), targets,
                    teacher.getGraph().getOutput(0).getName(), layers.student()));
            double after = heldOut.agreement().of(OnnxModelFile.read(run.output()).proto());
            return LayersSummary.of(params, encoder, choice, layers, frozen, split, heldOut, before, after, outcome,
                    new LayersSummary.Timings(selectionMs, teacherMs, targets.hiddenBytes(), 0),
                    new long[] {LayersSummary.parameters(teacher), LayersSummary.parameters(cut)});
        }
    }

    private EncoderOutcome fit(TrainableOnnxModel student, EncoderData data) throws IOException {
        return new EncoderTrainer(TrainingPlan.of(params), new PooledEmbeddingLoss(params.embeddingLoss()), progress)
                .train(student, data, run.output());
    }
}
