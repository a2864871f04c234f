package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What an operator converter may use while it rewrites one node: the target opset, constants and fresh names. */
final class Conversion {

    private final long target;
    private final Names names;
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final List<OnnxMl.TensorProto> added = new ArrayList<>();

    Conversion(OnnxMl.GraphProto graph, long target) {
        this.target = target;
        this.names = new Names(graph);
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        // An initializer that is also a graph input may be overridden by the caller: not a constant.
        graph.getInputList().forEach(v -> initializers.remove(v.getName()));
    }

    long target() {
        return target;
    }

    String fresh(String base) {
        return names.fresh(base);
    }

    /** A constant input's value, or null when the tensor is computed or fed at run time. */
    OnnxMl.TensorProto constant(String name) {
        return initializers.get(name);
    }

    String longs(String base, long... values) {
        return add(TensorValues.longs(fresh(base), values, values.length));
    }

    String floatScalar(String base, float value) {
        return add(TensorValues.floats(fresh(base), new float[] {value}));
    }

    String floatsInput(String base, float[] values) {
        return add(TensorValues.floats(fresh(base), values, values.length));
    }

    String emptyFloats(String base) {
        return add(TensorValues.floats(fresh(base), new float[0], 0));
    }

    private String add(OnnxMl.TensorProto t) {
        added.add(t);
        initializers.put(t.getName(), t);
        return t.getName();
    }

    List<OnnxMl.TensorProto> added() {
        return added;
    }

    static OnnxMl.NodeProto node(String op, String name, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs).build();
    }

    static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static OnnxMl.AttributeProto stringAttr(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }
}
