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

    static List<LayerSparsity> of(ModelProto model, Collection<String> names) {
        List<LayerSparsity> out = new ArrayList<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (names.contains(t.getName())) {
                long zeros = 0;
                for (float v : Weights.values(t)) {
                    zeros += v == 0f ? 1 : 0;
                }
                long n = Weights.count(t);
                out.add(new LayerSparsity(t.getName(), n, zeros, n == 0 ? 0 : (double) zeros / n));
            }
        }
        return out;
    }
}
