package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Intermediate tensors made graph outputs, so ONNX Runtime returns them (a teacher's layer outputs, say). */
public final class ExtraOutputs {

    private ExtraOutputs() {}

    /** The model with each named float tensor that is not an output yet appended to the graph's outputs. */
    public static OnnxMl.ModelProto expose(OnnxMl.ModelProto model, Collection<String> tensors) {
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> present = new HashSet<>();
        graph.getOutputList().forEach(o -> present.add(o.getName()));
        for (String tensor : tensors) {
            if (present.add(tensor)) {
                graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(tensor).setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }
}
