package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.train.onnx.HostArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a layers student trains on: the token samples, which of them train and which validate, the teacher's targets,
 * and the student tensors they are compared with.
 *
 * @param samples every training sample (one {@code [1, sequence]} row per input)
 * @param training indices that train
 * @param validation indices that choose the checkpoint (the validation slice)
 * @param targets the teacher's pooled outputs and matched hidden states
 * @param output the student's output (pooled for the loss)
 * @param matched the student's kept-layer outputs, in the order of the teacher layers in {@code targets}; empty
 *     without layer matching
 */
record EncoderData(List<Sample> samples, List<Integer> training, List<Integer> validation, EncoderTargets targets,
        String output, List<String> matched) {

    /** The tensors a forward pass must return: the output, then the matched layers' outputs. */
    List<String> forwardNames() {
        List<String> names = new ArrayList<>(List.of(output));
        matched.stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** The samples at {@code indices} trimmed to their longest, with the teacher's targets, in {@code scope}. */
    Batch batch(NDManager scope, List<Integer> indices) {
        Sample tokens = TokenBatches.stack(indices.stream().map(samples::get).toList());
        Map<String, NDArray> feed = HostArrays.of(scope, tokens);
        int width = targets.pooled()[0].length;
        float[] pooled = new float[indices.size() * width];
        for (int b = 0; b < indices.size(); b++) {
            System.arraycopy(targets.pooled()[indices.get(b)], 0, pooled, b * width, width);
        }
        int sequence = (int) tokens.inputs().get(TokenBatches.MASK).shape()[1];
        return new Batch(feed, feed.get(TokenBatches.MASK), scope.create(pooled, new Shape(indices.size(), width)),
                matched.isEmpty() ? List.of() : hidden(scope, indices, sequence, width));
    }

    private List<NDArray> hidden(NDManager scope, List<Integer> indices, int sequence, int width) {
        HiddenStore store = targets.hidden();
        float[][] layers = new float[store.layers()][indices.size() * sequence * width];
        for (int b = 0; b < indices.size(); b++) {
            float[][] rows = store.get(indices.get(b));
            for (int l = 0; l < rows.length; l++) {
                System.arraycopy(rows[l], 0, layers[l], b * sequence * width, rows[l].length);
            }
        }
        List<NDArray> out = new ArrayList<>();
        for (float[] layer : layers) {
            out.add(scope.create(layer, new Shape(indices.size(), sequence, width)));
        }
        return out;
    }

    /**
     * One training or validation batch.
     *
     * @param feed the student's inputs
     * @param mask the attention mask {@code [batch, sequence]}
     * @param teacherPooled the teacher's pooled outputs {@code [batch, hidden]}
     * @param teacherHidden the teacher's matched hidden states, zero at padding, one per matched layer
     */
    record Batch(Map<String, NDArray> feed, NDArray mask, NDArray teacherPooled, List<NDArray> teacherHidden) {}
}
