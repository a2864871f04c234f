package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
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
 * spatial reductions ({@link SpatialOps}) carry them on; a Conv, Gemm or MatMul that reads them as input features ends the path; a depthwise Conv carries them on
 * through its own channels. Anything else that reads them, a graph output, or an element-wise partner from outside
 * the group (a residual stream) makes the group unprunable.
 */
final class UnitTrace {

    private static final Set<String> UNARY = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Gelu",
            "HardSigmoid", "HardSwish", "Elu", "Selu", "Softplus", "Identity", "Dropout", "Clip", "Neg", "Abs",
            "Sqrt", "Exp", "Cast");
    private static final Set<String> CHANNEL_ONLY = Set.of("MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min");

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
        requireSingleReaders();
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
            conv(node, tensor, in);
        } else if ((op.equals("Gemm") || op.equals("MatMul")) && in.fromEnd() == -1) {
            dense(node, tensor, in);
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

    /** An initializer that broadcasts against the carrier with one entry per unit (a bias, a BatchNorm scale). */
    private void perUnit(String name, Carrier carrier, NodeProto node) throws NotPrunable {
        TensorProto t = graph.weight(name).orElseThrow(() -> new NotPrunable("node " + Graph.label(node)
                + " combines its units with '" + name + "', which is not a float initializer"));
        int axis = NodeChecks.perUnitAxis(t, carrier.fromEnd(), carrier.block(), start.units());
        if (axis < 0) {
            throw new NotPrunable("node " + Graph.label(node) + " combines its units with '" + name + "' of shape "
                    + t.getDimsList());
        }
        cuts.add(new Cut(name, axis, 1));
    }

    private void conv(NodeProto node, String tensor, Carrier in) throws NotPrunable {
        TensorProto w = graph.weight(node.getInput(1)).orElseThrow(() -> new NotPrunable("Conv "
                + Graph.label(node) + " has no weight initializer"));
        long group = Graph.intAttribute(node, "group", 1);
        if (!node.getInput(0).equals(tensor) || in.fromEnd() != -(w.getDimsCount() - 1)) {
            throw new NotPrunable("Conv " + Graph.label(node) + " reads its units other than as input channels");
        }
        if (group == 1 && w.getDims(1) == start.units()) {
            cuts.add(new Cut(node.getInput(1), 1, 1));
            terminals.add(new Terminal(tensor, true, new Cut(node.getInput(1), 1, 1), null));
        } else if (group == start.units() && w.getDims(0) == start.units() && w.getDims(1) == 1) {
            cuts.add(new Cut(node.getInput(1), 0, 1));
            if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                cuts.add(new Cut(node.getInput(2), 0, 1));
            }
            depthwise.add(node.getOutput(0));
            carry(node.getOutput(0), in);
        } else {
            throw new NotPrunable("Conv " + Graph.label(node) + " has group " + group + " over " + start.units()
                    + " channels");
        }
    }

    private void dense(NodeProto node, String tensor, Carrier in) throws NotPrunable {
        TensorProto w = graph.weight(node.getInput(1)).filter(t -> t.getDimsCount() == 2).orElseThrow(
                () -> new NotPrunable(node.getOpType() + " " + Graph.label(node) + " has no 2-D weight initializer"));
        boolean gemm = node.getOpType().equals("Gemm");
        if (!node.getInput(0).equals(tensor) || (gemm && Graph.intAttribute(node, "transA", 0) != 0)) {
            throw new NotPrunable(node.getOpType() + " " + Graph.label(node) + " reads its units as weights");
        }
        int axis = gemm && Graph.intAttribute(node, "transB", 0) != 0 ? 1 : 0;
        long features = w.getDims(axis);
        int block = in.block() == 0 ? (int) (features / start.units()) : in.block();
        if (block < 1 || features != (long) block * start.units()) {
            throw new NotPrunable(node.getOpType() + " " + Graph.label(node) + " reads " + features
                    + " features, not a multiple of " + start.units());
        }
        Cut cut = new Cut(node.getInput(1), axis, block);
        cuts.add(cut);
        terminals.add(new Terminal(tensor, false, cut, DenseBias.of(graph, node, w.getDims(1 - axis))));
    }

    private void requireSingleReaders() throws NotPrunable {
        for (Cut cut : cuts) {
            if (graph.readers(cut.initializer()).size() != 1) {
                throw new NotPrunable("weight '" + cut.initializer() + "' is shared by several nodes");
            }
        }
    }
}
