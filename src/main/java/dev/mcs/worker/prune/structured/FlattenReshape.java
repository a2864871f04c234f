package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.mcs.worker.prune.onnx.Graph;
import java.util.List;
import java.util.Optional;

/**
 * A Reshape that flattens everything after the batch axis, as {@code x.view(x.size(0), -1)} exports: the target is
 * a constant {@code [0 or batch, -1]}, or a Concat of the input's own batch size
 * ({@code Unsqueeze(Gather(Shape(x), 0))}) and {@code [-1]}. It acts as Flatten(axis 1); any other Reshape of the
 * units still stops the group, since it may mix channels.
 */
final class FlattenReshape {

    private FlattenReshape() {}

    static boolean flattens(GroupFinder finder, NodeProto reshape) {
        String target = reshape.getInput(1);
        Optional<long[]> constant = finder.int64s(target);
        if (constant.isPresent()) {
            long[] shape = constant.get();
            return shape.length == 2 && shape[0] >= 0 && shape[1] == -1;
        }
        Optional<NodeProto> concat = finder.producer(target).filter(n -> n.getOpType().equals("Concat")
                && n.getInputCount() == 2);
        if (concat.isEmpty()) {
            return false;
        }
        Optional<long[]> rest = finder.int64s(concat.get().getInput(1));
        return rest.isPresent() && rest.get().length == 1 && rest.get()[0] == -1
                && isBatchSize(finder, concat.get().getInput(0), reshape.getInput(0));
    }

    /** A Shape whose every reader gathers index 0 (the batch size, for a flattening Reshape's target). */
    static boolean readsBatchOnly(GroupFinder finder, NodeProto shape) {
        List<NodeProto> readers = finder.graph().readers(shape.getOutput(0));
        return Graph.intAttribute(shape, "start", 0) == 0 && !readers.isEmpty() && readers.stream().allMatch(
                n -> n.getOpType().equals("Gather") && n.getInput(0).equals(shape.getOutput(0))
                        && finder.int64s(n.getInput(1)).filter(i -> i.length == 1 && i[0] == 0).isPresent());
    }

    /** {@code Unsqueeze(Gather(Shape(data), 0))}: the batch size of {@code data} as a one-element vector. */
    private static boolean isBatchSize(GroupFinder finder, String tensor, String data) {
        Optional<NodeProto> unsqueeze = finder.producer(tensor).filter(n -> n.getOpType().equals("Unsqueeze"));
        Optional<NodeProto> gather = unsqueeze.flatMap(n -> finder.producer(n.getInput(0)))
                .filter(n -> n.getOpType().equals("Gather"));
        Optional<long[]> index = gather.flatMap(n -> finder.int64s(n.getInput(1)));
        Optional<NodeProto> shape = gather.flatMap(n -> finder.producer(n.getInput(0)))
                .filter(n -> n.getOpType().equals("Shape") && n.getInput(0).equals(data));
        return shape.isPresent() && index.isPresent() && index.get().length == 1 && index.get()[0] == 0;
    }
}
