package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.worker.distill.layers.EncoderLayers;
import java.util.List;

/**
 * What {@code distill} did for a {@code layers} student, reported as {@code metrics.technique}.
 *
 * @param method {@code distill}
 * @param studentKind {@code layers}
 * @param teacherLayers encoder layers the teacher has (found from its graph)
 * @param keep the teacher layers the student kept
 * @param chosenBy {@code keep} (given by the job) or {@code measurement}
 * @param selection each measured subset with its pooled cosine to the teacher before training (empty when given)
 * @param teacherParameters the teacher's parameter count
 * @param studentParameters the student's parameter count
 * @param trainingSamples samples trained on
 * @param validationSamples samples of the validation slice that scored epochs (and layer subsets)
 * @param loss the pooled-output loss ({@code cosine} or {@code mse})
 * @param matchedTeacherLayers per student layer, the teacher layer whose hidden states it was matched with (empty
 *     without {@code matchLayers})
 * @param frozen weights kept as the teacher's ({@code freezeEmbeddings})
 * @param pooledCosineBefore mean pooled cosine of the student to the teacher on {@code heldOutSource}, before training
 * @param pooledCosineAfter the same after training (the output model)
 * @param heldOutSource where the two were measured
 * @param heldOutSamples how many samples
 * @param epochsRun epochs that ran (the last one partial when the time limit ended it)
 * @param bestEpoch the epoch whose checkpoint is the output
 * @param bestValidationCosine its pooled cosine on the validation slice
 * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
 * @param steps optimizer steps
 * @param scheduleSteps steps the learning-rate schedule spanned, after fitting it to the time limit
 * @param skippedSteps steps skipped because their loss or gradient was not finite
 * @param timings time spent choosing layers, in the teacher's pass, and training; bytes of stored hidden states
 * @param curve one row per epoch, with the worker's memory
 */
record LayersSummary(String method, String studentKind, int teacherLayers, List<Integer> keep, String chosenBy,
        List<LayerChoice.SubsetScore> selection, long teacherParameters, long studentParameters, int trainingSamples,
        int validationSamples, String loss, List<Integer> matchedTeacherLayers, List<String> frozen,
        double pooledCosineBefore, double pooledCosineAfter, String heldOutSource, int heldOutSamples, int epochsRun,
        int bestEpoch, double bestValidationCosine, String stoppedBecause, int steps, int scheduleSteps,
        int skippedSteps, Timings timings, List<EncoderEpoch> curve) {

    /**
     * @param selectionMs choosing the layers (0 when given)
     * @param teacherPassMs the teacher's outputs for every training sample
     * @param teacherHiddenBytes the matched hidden states kept on disk during training
     * @param trainingMs training, validation and checkpoints
     */
    record Timings(long selectionMs, long teacherPassMs, long teacherHiddenBytes, long trainingMs) {}

    static LayersSummary of(DistillParams params, EncoderLayers encoder, LayerChoice choice, LayerTargets layers,
            List<String> frozen, EncoderSplit split, HeldOut heldOut, double before, double after,
            EncoderOutcome outcome, Timings timings, long[] parameters) {
        EncoderEpoch best = outcome.curve().get(outcome.bestEpoch() - 1);
        return new LayersSummary(DistillParams.NAME, params.student().kind(), encoder.count(), choice.keep(),
                choice.chosenBy(), choice.scores(), parameters[0], parameters[1], split.training().size(),
                split.validation().size(), params.embeddingLoss(), layers.teacherLayers(), frozen, before, after,
                heldOut.source(), heldOut.samples(), outcome.curve().size(), outcome.bestEpoch(),
                best.validationCosine(), outcome.stoppedBecause(), outcome.steps(), outcome.scheduleSteps(),
                outcome.skippedSteps(), new Timings(timings.selectionMs(), timings.teacherPassMs(), timings.teacherHiddenBytes(),
                        outcome.trainingMs()), outcome.curve());
    }

    /** Elements of the float weights with more than one element: what trains. */
    static long parameters(OnnxMl.ModelProto model) {
        return model.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).filter(n -> n > 1).sum();
    }
}
