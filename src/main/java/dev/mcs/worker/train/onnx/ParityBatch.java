package dev.mcs.worker.train.onnx;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The parity samples joined into one batch, when that is a valid input of the graph. */
final class ParityBatch {

    private ParityBatch() {
    }

    /**
     * One batch of all {@code samples}, if there are two or more, each has a batch axis of 1 and the same shapes as the
     * first (encoders' sentences may differ in length), and no graph input fixes its batch axis.
     */
    static Optional<Sample> of(TrainableOnnxModel model, List<Sample> samples) {
        Sample first = samples.get(0);
        if (samples.size() < 2 || fixesBatch(model.proto().getGraph(), first.inputs().keySet())) {
            return Optional.empty();
        }
        boolean stackable = samples.stream().allMatch(s -> s.inputs().keySet().equals(first.inputs().keySet())
                && first.inputs().entrySet().stream().allMatch(e -> sameShape(e.getValue(), s.inputs().get(e.getKey()))));
        return stackable ? Optional.of(SampleBatches.stack(samples)) : Optional.empty();
    }

    private static boolean sameShape(HostTensor a, HostTensor b) {
        return a.shape().length > 0 && a.shape()[0] == 1 && Arrays.equals(a.shape(), b.shape());
    }

    private static boolean fixesBatch(OnnxMl.GraphProto graph, Set<String> fed) {
        return graph.getInputList().stream().filter(i -> fed.contains(i.getName()))
                .map(i -> i.getType().getTensorType().getShape())
                .anyMatch(shape -> shape.getDimCount() > 0 && shape.getDim(0).hasDimValue());
    }
}
