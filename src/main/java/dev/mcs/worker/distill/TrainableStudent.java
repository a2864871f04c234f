package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A student {@link StudentTrainer} can train, whatever it is made of: an ONNX graph on the trainable executor
 * ({@link OnnxStudent}) or an uploaded TorchScript module ({@link TorchScriptStudent}). The trainer's loss, schedule,
 * gradient guard, early stopping and checkpointing are the same for both.
 */
interface TrainableStudent {

    /**
     * The student's first output for one batch, computed into {@code scope}; {@code training} selects train-mode
     * behaviour (dropout, batch statistics) where the student has any.
     */
    NDArray forward(NDManager scope, Map<String, NDArray> feed, boolean training);

    /** The weights the optimizer updates (frozen ones included; they have no gradient). */
    Collection<Parameter> parameters();

    /** One optimizer step on every weight with a gradient; after the {@code GradientCollector} is closed. */
    void step(Optimizer optimizer);

    /** Zeros its step hook has made (PRUNE's penalties), for a checkpoint rule that weighs them; 0 without one. */
    default long zeros() {
        return 0;
    }

    /** Writes the student with its current weights, in its own format. */
    void save(Path output) throws IOException;
}
