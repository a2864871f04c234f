package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** State shared by the node rewriters of one graph: fresh names, new initializers, replaced weights. */
public final class RewriteContext {

    private final GraphUses uses;
    private final NameScope names;
    private final List<OnnxMl.TensorProto> added = new ArrayList<>();
    private final Set<String> replacedWeights = new HashSet<>();

    public RewriteContext(OnnxMl.GraphProto graph, GraphUses uses) {
        this.uses = uses;
        this.names = new NameScope(graph);
    }

    public GraphUses uses() {
        return uses;
    }

    public String fresh(String base) {
        return names.fresh(base);
    }

    public void add(OnnxMl.TensorProto initializer) {
        added.add(initializer);
    }

    List<OnnxMl.TensorProto> added() {
        return added;
    }

    /** Reads a float weight and remembers it as a candidate for removal once nothing reads it. */
    public FloatMatrix readWeight(String name) throws QuantizationException {
        replacedWeights.add(name);
        return FloatMatrix.of(uses.initializers().get(name));
    }

    Set<String> replacedWeights() {
        return replacedWeights;
    }

    /** The rewritten graph: the new nodes, without the float weights nothing reads any more (also dropped from the inputs). */
    public OnnxMl.GraphProto assemble(OnnxMl.GraphProto graph, List<OnnxMl.NodeProto> nodes) {
        Set<String> stillRead = new HashSet<>(uses().pinned());
        nodes.forEach(n -> stillRead.addAll(n.getInputList()));
        Set<String> removed = new HashSet<>(replacedWeights());
        removed.removeAll(stillRead);
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().clearInput().clearValueInfo();
        graph.getInitializerList().stream().filter(t -> !removed.contains(t.getName())).forEach(out::addInitializer);
        out.addAllInitializer(added());
        graph.getInputList().stream().filter(v -> !removed.contains(v.getName())).forEach(out::addInput);
        graph.getValueInfoList().stream().filter(v -> !removed.contains(v.getName())).forEach(out::addValueInfo);
        return out.build();
    }
}
