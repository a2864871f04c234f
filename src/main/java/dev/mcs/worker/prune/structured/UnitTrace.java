package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows one producer's units through the graph: element-wise operators, BatchNormalization, pooling, padding and
 * spatial reductions ({@link SpatialOps}) carry them on; a Conv, Gemm or MatMul that reads them as input features
 * ends the path, and a depthwise Conv carries them on through its own channels ({@link LayerReads}). Anything else
 * that reads them, a graph output, or an element-wise partner from outside the group (a residual stream) makes the
 * group unprunable.
 */
final class UnitTrace {

    /** One-input element-wise operators (besides scalar parameters): channel c in, channel c out. */
    static final Set<String> UNARY = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Gelu",
            "HardSigmoid", "HardSwish", "Elu", "Selu", "Softplus", "Identity", "Dropout", "Clip", "Neg", "Abs",
            "Sqrt", "Exp", "Cast");
    private static final Set<String> CHANNEL_ONLY = Set.of("MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool");
    /** Broadcasting element-wise operators of two inputs. */
    static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min");

    /** Where the units are in a tensor: an axis counted from the end, and their block (0 until a layer tells). */
    private record Carrier(int fromEnd, int block) {}

    private final GroupFinder finder;
    private final Graph graph;
    private final GroupFinder.Start start;
    private final List<GroupFinder.Start> writers;
    private final Map<String, Carrier> carriers = new LinkedHashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Set<NodeProto> pending = new LinkedHashSet<>();
    private final List<Cut> cuts = new ArrayList<>();
    private final List<String> depthwise = new ArrayList<>();
    private final List<Terminal> terminals = new ArrayList<>();

    UnitTrace(GroupFinder finder, GroupFinder.Start start) {
        this(finder, List.of(start));
    }

    /** One group written by several producers at once (a residual stream's writers, {@link ResidualStreams}). */
    UnitTrace(GroupFinder finder, List<GroupFinder.Start> writers) {
        this.finder = finder;
        this.graph = finder.graph();
        this.start = writers.get(0);
        this.writers = List.copyOf(writers);
        writers.forEach(w -> cuts.addAll(w.cuts()));
    }

    PrunableGroup trace() throws NotPrunable {
        if (start.units() < 2) {
            throw new NotPrunable("it has a single unit");
        }
        for (GroupFinder.Start writer : writers) {
            if (writer.units() != start.units()) {
                throw new NotPrunable("its residual stream is written by " + Graph.label(writer.node()) + " with "
                        + writer.units() + " channels, not " + start.units());
            }
            carry(writer.node().getOutput(0), new Carrier(writer.fromEnd(), 1));
        }
        boolean progress = true;
        while (progress) {
            while (!queue.isEmpty()) {
                String tensor = queue.poll();
                if (graph.isOutput(tensor)) {
                    throw new NotPrunable("its units reach the graph output '" + tensor + "'");
                }
                for (NodeProto reader : graph.readers(tensor)) {
                    visit(reader, tensor);
                }
            }
            progress = retryPending();
        }
        if (!pending.isEmpty()) {
            NodeProto node = pending.iterator().next();
            throw new MeetsOutside("its units meet a tensor from outside the group at " + Graph.label(node)
                    + " (a residual stream or another layer's output)", outsideInputs());
        }
        if (terminals.isEmpty()) {
            throw new NotPrunable("no layer reads its units");
        }
        NodeChecks.requireSingleReaders(graph, cuts);
        return new PrunableGroup(start.kind(), Graph.label(start.node()), start.units(), start.cuts().get(0),
                List.copyOf(cuts), List.copyOf(depthwise), List.copyOf(terminals), List.of(),
                writers.size() > 1 ? writers.stream().map(w -> w.cuts().get(0)).toList() : List.of());
    }

    /** The tensors the waiting element-wise nodes combine the units with: where other writers may be. */
    private List<String> outsideInputs() {
        Set<String> out = new LinkedHashSet<>();
        for (NodeProto node : pending) {
            node.getInputList().stream().filter(i -> !carriers.containsKey(i) && !finder.isScalar(i)
                    && !graph.isInitializer(i)).forEach(out::add);
        }
        return List.copyOf(out);
    }

    private void carry(String tensor, Carrier carrier) throws NotPrunable {
        Carrier known = carriers.get(tensor);
        if (known != null) {
            if (!known.equals(carrier)) {
                throw new NotPrunable("tensor '" + tensor + "' would carry its units in two layouts");
            }
            return;
        }
        carriers.put(tensor, carrier);
        queue.add(tensor);
    }

    private void visit(NodeProto node, String tensor) throws NotPrunable {
        Carrier in = carriers.get(tensor);
        String op = node.getOpType();
        if (UNARY.contains(op) || (CHANNEL_ONLY.contains(op) && in.fromEnd() != -1)) {
            NodeChecks.requireScalarsBesides(finder, node, tensor);
            NodeChecks.requireOneOutput(graph, node);
            carry(node.getOutput(0), in);
        } else if (BINARY.contains(op)) {
            binary(node);
        } else if (op.equals("BatchNormalization") && in.fromEnd() != -1 && node.getInput(0).equals(tensor)) {
            NodeChecks.requireOneOutput(graph, node);
            for (int i = 1; i < 5; i++) {
                perUnit(node.getInput(i), new Carrier(-1, 1), node);
            }
            carry(node.getOutput(0), in);
        } else if (SpatialOps.OPS.contains(op) && in.fromEnd() != -1 && node.getInput(0).equals(tensor)) {
            NodeChecks.requireOneOutput(graph, node);
            carry(node.getOutput(0), new Carrier(SpatialOps.outputFromEnd(finder, node, in.fromEnd()), in.block()));
        } else if (op.equals("Shape") && FlattenReshape.readsBatchOnly(finder, node)) {
            return; // the batch size, which no cut changes
        } else if ((op.equals("Flatten") && Graph.intAttribute(node, "axis", 1) == 1 || op.equals("Reshape")
                && node.getInput(0).equals(tensor) && FlattenReshape.flattens(finder, node)) && in.fromEnd() != -1) {
            carry(node.getOutput(0), new Carrier(-1, 0));
        } else if (op.equals("Conv")) {
            apply(LayerReads.conv(graph, node, tensor, in.fromEnd(), start.units()), in);
        } else if ((op.equals("Gemm") || op.equals("MatMul")) && in.fromEnd() == -1) {
            apply(LayerReads.dense(graph, node, tensor, in.block(), start.units()), in);
        } else {
            throw new NotPrunable("node " + Graph.label(node) + " (" + op + ") reads its units");
        }
    }

    /** Both operands carry the units, or the other is a scalar or a per-unit initializer; else wait for it. */
    private void binary(NodeProto node) throws NotPrunable {
        Carrier carrier = null;
        for (String input : node.getInputList()) {
            if (carriers.containsKey(input)) {
                carrier = carriers.get(input);
            }
        }
        for (String input : node.getInputList()) {
            if (!carriers.containsKey(input) && !finder.isScalar(input) && !graph.isInitializer(input)) {
                pending.add(node);
                return;
            }
        }
        for (String input : node.getInputList()) {
            if (!carriers.containsKey(input) && !finder.isScalar(input)) {
                perUnit(input, carrier, node);
            } else if (carriers.containsKey(input) && !carriers.get(input).equals(carrier)) {
                throw new NotPrunable("node " + Graph.label(node) + " joins two layouts of its units");
            }
        }
        pending.remove(node);
        carry(node.getOutput(0), carrier);
    }

    private boolean retryPending() throws NotPrunable {
        for (NodeProto node : List.copyOf(pending)) {
            boolean ready = node.getInputList().stream().allMatch(i -> carriers.containsKey(i)
                    || finder.isScalar(i) || graph.isInitializer(i));
            if (ready) {
                binary(node);
                return true;
            }
        }
        return false;
    }

    private void perUnit(String name, Carrier carrier, NodeProto node) throws NotPrunable {
        cuts.add(NodeChecks.perUnitCut(graph, name, node, carrier.fromEnd(), carrier.block(), start.units()));
    }

    private void apply(LayerReads.Read read, Carrier in) throws NotPrunable {
        cuts.addAll(read.cuts());
        if (read.terminal() != null) {
            terminals.add(read.terminal());
        }
        if (read.carries() != null) {
            depthwise.add(read.carries());
            carry(read.carries(), in);
        }
    }
}
