package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.List;

/** Checks {@link UnitTrace} makes of the nodes and initializers its units pass through. */
final class NodeChecks {

    private NodeChecks() {}

    /** Dropout's mask and pooling's indices would carry the units too; a graph that reads them is left alone. */
    static void requireOneOutput(Graph graph, NodeProto node) throws NotPrunable {
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && !graph.readers(node.getOutput(i)).isEmpty()) {
                throw new NotPrunable("node " + Graph.label(node) + " has a second output that is read");
            }
        }
    }

    /** An operator whose inputs besides the carried one are scalars (Clip's bounds, Dropout's ratio). */
    static void requireScalarsBesides(GroupFinder finder, NodeProto node, String tensor) throws NotPrunable {
        for (int i = 1; i < node.getInputCount(); i++) {
            if (node.getInput(i).equals(tensor) || !finder.isScalar(node.getInput(i))) {
                throw new NotPrunable("node " + Graph.label(node) + " (" + node.getOpType() + ") has a non-scalar"
                        + " second input");
            }
        }
    }

    /**
     * The axis of an initializer that broadcasts against the carried tensor with one entry per unit (a bias, a
     * BatchNorm scale): the units' axis counted from the end, every other dimension 1; -1 when it is not one.
     */
    static int perUnitAxis(TensorProto t, int fromEnd, int block, int units) {
        int rank = t.getDimsCount();
        int axis = rank + fromEnd;
        boolean fits = axis >= 0 && block == 1 && t.getDims(axis) == units;
        for (int d = 0; fits && d < rank; d++) {
            fits = d == axis || t.getDims(d) == 1;
        }
        return fits ? axis : -1;
    }

    /** An initializer that broadcasts against the carried tensor with one entry per unit, as the slice to cut. */
    static Cut perUnitCut(Graph graph, String name, NodeProto node, int fromEnd, int block, int units)
            throws NotPrunable {
        TensorProto t = graph.weight(name).orElseThrow(() -> new NotPrunable("node " + Graph.label(node)
                + " combines its units with '" + name + "', which is not a float initializer"));
        int axis = perUnitAxis(t, fromEnd, block, units);
        if (axis < 0) {
            throw new NotPrunable("node " + Graph.label(node) + " combines its units with '" + name + "' of shape "
                    + t.getDimsList());
        }
        return new Cut(name, axis, 1);
    }

    /** A weight read by two nodes cannot lose units for one of them only. */
    static void requireSingleReaders(Graph graph, List<Cut> cuts) throws NotPrunable {
        for (Cut cut : cuts) {
            if (graph.readers(cut.initializer()).size() != 1) {
                throw new NotPrunable("weight '" + cut.initializer() + "' is shared by several nodes");
            }
        }
    }
}
