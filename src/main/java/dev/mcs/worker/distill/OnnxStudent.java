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
 * An ONNX graph on the trainable executor, as a classifier student ({@link TrainableStudent}: generated or uploaded)
 * or as an encoder ({@link EncoderStudent}: a layers student, a pruned encoder); saved as ONNX with its trained
 * weights. The executor has no train mode: the graphs it runs hold no dropout or batch statistics to switch.
 *
 * @param model the graph, owned by the caller
 */
record OnnxStudent(TrainableOnnxModel model) implements TrainableStudent, EncoderStudent {

    @Override
    public NDArray forward(NDManager scope, Map<String, NDArray> feed, boolean training) {
        return model.forward(scope, feed).values().iterator().next();
    }

    @Override
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> feed, List<String> names,
            boolean training) {
        return model.forward(scope, feed, names);
    }

    @Override
    public Collection<Parameter> parameters() {
        return model.parameters().values();
    }

    @Override
    public void step(Optimizer optimizer) {
        model.step(optimizer);
    }

    @Override
    public void save(Path output) throws IOException {
        model.save(output);
    }
}
