package dev.mcs.worker.distill;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.train.onnx.OrtParity;
import dev.mcs.worker.train.onnx.ParityException;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * An encoder trained on a teacher's pooled outputs and matched hidden states, with its pooled cosine to the teacher on
 * the held-out samples before and after: what {@code layers} students and PRUNE's recovery of embedding models share.
 * The teacher runs once (ONNX Runtime), the student must pass the executor's parity check, and the best checkpoint
 * on the validation slice is written to {@code output}.
 */
final class EncoderFit {

    private static final int PARITY_SAMPLES = 16;

    /**
     * What to train.
     *
     * @param run the job's run (dataset, evaluation data, progress)
     * @param teacher the model whose outputs are the targets
     * @param student the model trained, starting from its own weights
     * @param samples the token samples
     * @param split which samples train and which validate
     * @param layers which student tensors match which teacher tensors (empty: pooled loss only)
     * @param frozen parameters that keep their values (e.g. pruning masks), besides the embedding tables
     * @param freezeEmbeddings whether the tables a {@code Gather} indexes with a graph input are frozen
     * @param output where the best checkpoint is written
     * @param afterStep runs around every optimizer step (PRUNE's recovery penalty)
     */
    record Job(MethodRun run, OnnxMl.ModelProto teacher, OnnxMl.ModelProto student, List<Sample> samples,
            EncoderSplit split, LayerTargets layers, Predicate<String> frozen, boolean freezeEmbeddings, Path output,
            Distillation.AfterStep afterStep) {

        /** A job with nothing run around the steps. */
        Job(MethodRun run, OnnxMl.ModelProto teacher, OnnxMl.ModelProto student, List<Sample> samples,
                EncoderSplit split, LayerTargets layers, Predicate<String> frozen, boolean freezeEmbeddings,
                Path output) {
            this(run, teacher, student, samples, split, layers, frozen, freezeEmbeddings, output, parameters -> { });
        }
    }

    /**
     * How it went.
     *
     * @param training the trainer's outcome (curve, best epoch, why it stopped)
     * @param frozenTables the embedding tables frozen
     * @param heldOut where {@code before} and {@code after} were measured
     * @param before the student's held-out pooled cosine to the teacher before training
     * @param after the same for the best checkpoint
     * @param teacherMs time of the teacher's pass
     * @param hiddenBytes bytes of matched hidden states stored for training
     */
    record Outcome(EncoderOutcome training, List<String> frozenTables, HeldOut heldOut, double before, double after,
            long teacherMs, long hiddenBytes) {}

    private EncoderFit() {}

    static Outcome run(Job job, TrainingPlan plan, PooledEmbeddingLoss loss, EncoderProgress progress)
            throws IOException, OrtException, InvalidDatasetException, InvalidModelException,
            UnsupportedOperatorsException, ParityException {
        List<Sample> samples = job.samples();
        long teacherStart = System.nanoTime();
        Path hiddenFile = job.output().resolveSibling(job.output().getFileName() + ".teacher-hidden");
        try (EncoderTargets targets = EncoderTargets.compute(job.teacher(), samples, job.layers().teacher(), hiddenFile,
                        done -> progress.stage(0.02 + 0.08 * done / samples.size(), "teacher outputs: " + done + "/"
                                + samples.size() + " samples"));
                NDManager manager = TorchRuntime.engine().newBaseManager();
                TrainableOnnxModel student = TrainableOnnxModel.load(job.student(), manager)) {
            long teacherMs = (System.nanoTime() - teacherStart) / 1_000_000;
            student.freeze(job.frozen(), true);
            List<String> tables = job.freezeEmbeddings() ? EmbeddingTables.freeze(student) : List.of();
            OrtParity.require(student, manager,
                    job.split().training().stream().limit(PARITY_SAMPLES).map(samples::get).toList());
            HeldOut heldOut = HeldOut.of(job.run(), job.teacher(), samples, job.split());
            double before = heldOut.agreement().of(job.student());
            EncoderData data = new EncoderData(samples, job.split().training(), job.split().validation(), targets,
                    job.teacher().getGraph().getOutput(0).getName(), job.layers().student());
            EncoderOutcome outcome = new EncoderTrainer(plan, loss, progress, job.afterStep())
                    .train(EncoderStudent.onnx(student), data, job.output());
            double after = heldOut.agreement().of(OnnxModelFile.read(job.output()).proto());
            return new Outcome(outcome, tables, heldOut, before, after, teacherMs, targets.hiddenBytes());
        }
    }
}
