package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.FloatMatrix;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.NameScope;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes SmoothQuant's migration into the float graph: weights W·diag(s), and X / s either folded into
 * X's producer or computed by an inserted Mul. The result computes the same function as before (up to
 * float rounding) and is then quantized like any float model.
 */
final class SmoothRewriter {

    private final OnnxMl.GraphProto graph;
    private final GraphUses uses;
    private final NameScope names;
    private final Map<String, OnnxMl.TensorProto> replaced = new HashMap<>();
    private final List<OnnxMl.TensorProto> added = new ArrayList<>();
    /** Mul nodes to insert just before the node they feed, keyed by that node's label. */
    private final Map<String, OnnxMl.NodeProto> mulBefore = new HashMap<>();
    /** Group MatMuls, rewired to read X / s, by label. */
    private final Map<String, OnnxMl.NodeProto> rewired = new HashMap<>();

    SmoothRewriter(OnnxMl.GraphProto graph, GraphUses uses) {
        this.graph = graph;
        this.uses = uses;
        this.names = new NameScope(graph);
    }

    void apply(SmoothGroups.Group group, float[] s) throws QuantizationException {
        for (OnnxMl.NodeProto matMul : group.matMuls()) {
            String w = matMul.getInput(1);
            FloatMatrix scaled = SmoothScales.scaleRows(FloatMatrix.of(current(w)), s);
            replace(w, scaled.values());
        }
        if (group.fold() != SmoothGroups.FoldKind.MUL) {
            for (String t : group.divided()) {
                replace(t, SmoothScales.divideColumns(read(current(t)), group.channels(), s));
            }
            return;
        }
        String inverse = names.fresh(group.activation() + "_smooth_scale");
        String smoothed = names.fresh(group.activation() + "_smoothed");
        added.add(Protos.floats(inverse, SmoothScales.reciprocal(s), s.length));
        OnnxMl.NodeProto first = group.matMuls().get(0);
        mulBefore.put(Protos.label(first), Protos.node("Mul", names.fresh(group.activation() + "_smooth_mul"),
                List.of(group.activation(), inverse), List.of(smoothed)));
        for (OnnxMl.NodeProto matMul : group.matMuls()) {
            rewired.put(Protos.label(matMul), matMul.toBuilder().setInput(0, smoothed).build());
        }
    }

    OnnxMl.GraphProto result() {
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            String label = Protos.label(node);
            if (mulBefore.containsKey(label)) {
                out.addNode(mulBefore.get(label));
            }
            out.addNode(rewired.getOrDefault(label, node));
        }
        graph.getInitializerList().forEach(t -> out.addInitializer(replaced.getOrDefault(t.getName(), t)));
        return out.addAllInitializer(added).build();
    }

    /** A weight can be scaled as a group's weight and divided as the next group's producer: both apply. */
    private OnnxMl.TensorProto current(String name) {
        return replaced.getOrDefault(name, uses.initializers().get(name));
    }

    private void replace(String name, float[] values) {
        OnnxMl.TensorProto old = uses.initializers().get(name);
        long[] dims = old.getDimsList().stream().mapToLong(Long::longValue).toArray();
        replaced.put(name, Protos.floats(name, values, dims));
    }

    /** A float initializer of any shape, from raw_data or float_data. */
    private static float[] read(OnnxMl.TensorProto t) throws QuantizationException {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new QuantizationException("initializer '" + t.getName() + "' keeps its data in an external file");
        }
        if (t.getRawData().isEmpty()) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        float[] v = new float[t.getRawData().size() / 4];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
