package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A residual stream's channels as one group ({@code residualStreams: prune}). In a ResNet the stem Conv, each
 * block's last Conv and the projection shortcuts all write the same stream (their outputs meet at Adds), so channel c
 * of one is channel c of all: it can only leave every writer's output and every reader's input at once. Starting from
 * one Conv whose trace stops at an element-wise node, this walks back from the node's other operands through
 * element-wise operators, BatchNormalization, pooling, padding and depthwise Convs to the Convs that write them, adds
 * those as producers of the same group and traces again, until the stream is closed or meets something that mixes
 * channels (a Concat, a Reshape, a graph input, a dense layer's output), which leaves it unpruned with that reason.
 */
final class ResidualStreams {

    /** Operators whose first input alone carries the channels (the rest are per-channel constants or pads). */
    private static final Set<String> FIRST_INPUT = Set.of("BatchNormalization", "MaxPool", "AveragePool", "Pad");

    private ResidualStreams() {}

    /**
     * The group of every Conv that writes the stream {@code first}'s channels meet.
     *
     * @param met where {@code first}'s own trace stopped
     */
    static PrunableGroup joined(GroupFinder finder, GroupFinder.Start first, MeetsOutside met)
            throws NotPrunable {
        List<GroupFinder.Start> writers = new ArrayList<>(List.of(first));
        MeetsOutside outside = met;
        while (true) {
            List<GroupFinder.Start> more = writersOf(finder, outside.tensors(), writers);
            if (more.isEmpty()) {
                throw outside;
            }
            writers.addAll(more);
            try {
                return new UnitTrace(finder, writers).trace();
            } catch (MeetsOutside again) {
                outside = again;
            } catch (NotPrunable e) {
                throw new NotPrunable("its residual stream (written by " + labels(writers) + ") stays unpruned: "
                        + e.getMessage());
            }
        }
    }

    /** The Convs, not yet among {@code known}, that write {@code tensors} through channel-preserving operators. */
    private static List<GroupFinder.Start> writersOf(GroupFinder finder, List<String> tensors,
            List<GroupFinder.Start> known) throws NotPrunable {
        Set<NodeProto> seen = new HashSet<>();
        known.forEach(w -> seen.add(w.node()));
        Deque<String> todo = new ArrayDeque<>(tensors);
        List<GroupFinder.Start> found = new ArrayList<>();
        while (!todo.isEmpty()) {
            String tensor = todo.poll();
            if (finder.graph().isInitializer(tensor) || finder.isScalar(tensor)) {
                continue;
            }
            NodeProto node = finder.producer(tensor).orElseThrow(() -> new NotPrunable("its residual stream"
                    + " stays unpruned: it meets the graph input '" + tensor + "'"));
            if (seen.add(node)) {
                step(finder, node, todo).ifPresent(found::add);
            }
        }
        return found;
    }

    /** A writer, or the node's inputs that carry its channels queued; a node that mixes channels ends the stream. */
    private static Optional<GroupFinder.Start> step(GroupFinder finder, NodeProto node, Deque<String> todo)
            throws NotPrunable {
        String op = node.getOpType();
        if (op.equals("Conv") && Graph.intAttribute(node, "group", 1) == 1) {
            Optional<GroupFinder.Start> start = finder.start(node);
            if (start.isEmpty()) {
                throw new NotPrunable("its residual stream stays unpruned: it is also written by Conv "
                        + Graph.label(node) + ", which has no weight initializer");
            }
            return start;
        }
        if (UnitTrace.UNARY.contains(op) || UnitTrace.BINARY.contains(op)) {
            todo.addAll(node.getInputList());
        } else if (FIRST_INPUT.contains(op) || op.equals("Conv")) {
            todo.add(node.getInput(0)); // a depthwise Conv keeps each channel apart
        } else {
            throw new NotPrunable("its residual stream stays unpruned: it is also written by " + Graph.label(node)
                    + " (" + op + "), which is neither a Conv nor an element-wise operator");
        }
        return Optional.empty();
    }

    private static String labels(List<GroupFinder.Start> writers) {
        return String.join(", ", writers.stream().map(w -> Graph.label(w.node())).toList());
    }
}
