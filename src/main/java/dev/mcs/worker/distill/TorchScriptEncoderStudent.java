package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript encoder as {@link EncoderTrainer} trains it: fed {@code input_ids} and {@code attention_mask} in that
 * order (TorchScript names no inputs; the BERT family's {@code forward} takes them so), its first output returned under
 * the one name asked for. What runs around each step (PRUNE's masks held) is the trainer's {@code afterStep}.
 */
record TorchScriptEncoderStudent(TorchScriptStudent module) implements EncoderStudent {

    static final String INPUT_IDS = "input_ids";

    @Override
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> feed, List<String> names,
            boolean training) {
        NDArray out = module.forward(scope, List.of(feed.get(INPUT_IDS), feed.get(TokenBatches.MASK)), training);
        return Map.of(names.get(0), out);
    }

    @Override
    public Collection<Parameter> parameters() {
        return module.parameters();
    }

    @Override
    public void step(Optimizer optimizer) {
        module.step(optimizer);
    }

    @Override
    public void save(Path output) throws IOException {
        module.save(output);
    }
}
