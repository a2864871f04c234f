package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import java.util.List;

/**
 * One node about to run: its attributes (read with the ONNX spec's defaults by the operator), its input values in
 * order ({@code null} where an optional input is left empty) and the model's default-domain opset, which decides
 * between the attribute and input forms of operators such as Squeeze, Clip, Slice or Softmax.
 */
record NodeCall(OnnxMl.NodeProto node, List<NDArray> inputs, long opset, NDManager manager) {

    NDArray input(int index) {
        NDArray value = index < inputs.size() ? inputs.get(index) : null;
        if (value == null) {
            throw new OnnxExecutionException(label() + " needs input " + index);
        }
        return value;
    }

    boolean has(int index) {
        return index < inputs.size() && inputs.get(index) != null;
    }

    /** An integer input's values on the host (shapes, axes, pads, slice bounds). */
    long[] longs(int index) {
        return Values.longs(input(index));
    }

    boolean hasAttribute(String name) {
        return attribute(name) != null;
    }

    long intAttribute(String name, long fallback) {
        OnnxMl.AttributeProto a = attribute(name);
        return a == null ? fallback : a.getI();
    }

    float floatAttribute(String name, float fallback) {
        OnnxMl.AttributeProto a = attribute(name);
        return a == null ? fallback : a.getF();
    }

    String stringAttribute(String name, String fallback) {
        OnnxMl.AttributeProto a = attribute(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** The ints attribute, or {@code null} when the node does not set it. */
    long[] intsAttribute(String name) {
        OnnxMl.AttributeProto a = attribute(name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    OnnxMl.AttributeProto attribute(String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Whether the node's output {@code index} is consumed (exporters leave unused optional outputs unnamed). */
    boolean wantsOutput(int index) {
        return index < node.getOutputCount() && !node.getOutput(index).isEmpty();
    }

    String label() {
        String name = node.getName().isEmpty() && node.getOutputCount() > 0 ? node.getOutput(0) : node.getName();
        return node.getOpType() + " '" + name + "'";
    }
}
