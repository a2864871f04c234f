package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An encoder {@link EncoderTrainer} can train: an ONNX graph on the trainable executor ({@link #onnx}), whose hidden
 * states can be matched by name, or a TorchScript module ({@link TorchScriptEncoderStudent}), whose first output is all
 * it shows. The trainer's pooled loss, time-bound schedule, gradient guard and checkpointing are the same for both.
 */
interface EncoderStudent {

    /** The named tensors for one batch, computed into {@code scope}; {@code training} selects train-mode behaviour. */
    Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> feed, List<String> names, boolean training);

    /** The weights the optimizer updates (frozen ones included; they have no gradient). */
    Collection<Parameter> parameters();

    /** One optimizer step on every weight with a gradient; after the {@code GradientCollector} is closed. */
    void step(Optimizer optimizer);

    /** Writes the student with its current weights, in its own format. */
    void save(Path output) throws IOException;

    /** An ONNX graph on the trainable executor ({@link OnnxStudent}). */
    static EncoderStudent onnx(TrainableOnnxModel model) {
        return new OnnxStudent(model);
    }
}
