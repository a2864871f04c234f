package dev.mcs.worker.distill;

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
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
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
            throws IOException, OrtException, InvalidDatasetException, InvalidModelException,
            UnsupportedOperatorsException, ParityException {
        OnnxMl.ModelProto cut = LayerCut.keep(teacher, encoder, choice.keep());
        LayerTargets layers = LayerTargets.of(encoder, choice.keep(), Boolean.TRUE.equals(params.matchLayers()));
        EncoderFit.Outcome fit = EncoderFit.run(new EncoderFit.Job(run, teacher, cut, samples, split, layers,
                name -> false, Boolean.TRUE.equals(params.freezeEmbeddings()), run.output()), TrainingPlan.of(params),
                new PooledEmbeddingLoss(params.embeddingLoss()), progress);
        return LayersSummary.of(params, encoder, choice, layers, fit.frozenTables(), split, fit.heldOut(),
                fit.before(), fit.after(), fit.training(),
                new LayersSummary.Timings(selectionMs, fit.teacherMs(), fit.hiddenBytes(), 0),
                new long[] {LayersSummary.parameters(teacher), LayersSummary.parameters(cut)});
    }
}
