package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Zeros in one weight after pruning.
 *
 * @param weight the initializer
 * @param parameters its elements
 * @param zeros its elements equal to zero
 * @param sparsity zeros / parameters
 */
record LayerSparsity(String weight, long parameters, long zeros, double sparsity) {

    static LayerSparsity of(String weight, float[] values) {
        long zeros = 0;
        for (float v : values) {
            zeros += v == 0f ? 1 : 0;
        }
        return new LayerSparsity(weight, values.length, zeros, values.length == 0 ? 0 : (double) zeros / values.length);
    }

    static List<LayerSparsity> of(ModelProto model, Collection<String> names) {
        List<LayerSparsity> out = new ArrayList<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (names.contains(t.getName())) {
                out.add(of(t.getName(), Weights.values(t)));
            }
        }
        return out;
    }
}
