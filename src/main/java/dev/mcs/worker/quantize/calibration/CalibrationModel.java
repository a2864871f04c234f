package dev.mcs.worker.quantize.calibration;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Exposes intermediate tensors as extra graph outputs for calibration. */
final class CalibrationModel {

    private CalibrationModel() {
    }

    /**
     * The model with every requested node output added to the graph outputs. Graph inputs need no output:
     * their values are the fed samples. Outputs are declared float without a shape, which ORT accepts.
     */
    static OnnxMl.ModelProto withOutputs(OnnxMl.ModelProto model, Collection<String> tensors) throws QuantizationException {
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> produced = new HashSet<>();
        graph.getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
        Set<String> present = new HashSet<>();
        graph.getOutputList().forEach(v -> present.add(v.getName()));
        Set<String> fed = ModelInput.fedNames(graph);
        OnnxMl.GraphProto.Builder out = graph.toBuilder();
        for (String name : tensors) {
            check(graph, name, produced, fed);
            if (!fed.contains(name) && present.add(name)) {
                out.addOutput(floatOutput(graph, name));
            }
        }
        return model.toBuilder().setGraph(out).build();
    }

    private static void check(OnnxMl.GraphProto graph, String name, Set<String> produced, Set<String> fed)
            throws QuantizationException {
        boolean constant = graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(name));
        if (constant && !fed.contains(name)) {
            throw new QuantizationException("cannot calibrate tensor '" + name
                    + "': it is a constant initializer, not an activation");
        }
        if (!produced.contains(name) && !fed.contains(name)) {
            throw new QuantizationException("cannot calibrate tensor '" + name
                    + "': no node of the top-level graph produces it and it is not a graph input");
        }
    }

    private static OnnxMl.ValueInfoProto floatOutput(OnnxMl.GraphProto graph, String name) {
        for (OnnxMl.ValueInfoProto v : graph.getValueInfoList()) {
            if (v.getName().equals(name) && v.hasType()) {
                return v;
            }
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE))).build();
    }
}
