package dev.mcs.worker.engine;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the dataset reader needs of one model input. Evaluation learns its inputs from an ONNX Runtime session,
 * calibration from the graph before any session exists; both describe them this way, so one reader serves both.
 *
 * @param type the element type as ONNX Runtime's Java API names it ({@code UNKNOWN} for non-tensor inputs)
 * @param shape the dims, -1 where unknown (symbolic)
 */
public record ModelInput(String name, OnnxJavaType type, long[] shape) {

    /** The inputs an ONNX Runtime session reports, in their order. */
    public static List<ModelInput> of(Map<String, NodeInfo> inputs) {
        return inputs.values().stream().map(ModelInput::of).toList();
    }

    /**
     * The one float input a model without an input spec (TorchScript) is fed: the dataset's only float array
     * besides {@code labels}, with its sample axis unknown.
     *
     * @throws InvalidDatasetException when the dataset has no such array or several
     */
    public static ModelInput onlyFloatArray(DatasetPart part) throws InvalidDatasetException {
        try (NpzArchive npz = NpzArchive.open(part.file())) {
            List<NpyArrayInfo> arrays = npz.arrays().stream()
                    .filter(a -> !a.name().equals(DatasetInputs.LABELS)).toList();
            if (arrays.size() != 1 || !arrays.get(0).dtype().equals("float32")) {
                throw new InvalidDatasetException("a model without an input spec (TorchScript) takes one float32"
                        + " array; the dataset has " + arrays.stream().map(a -> a.name() + " " + a.dtype()).toList());
            }
            long[] shape = arrays.get(0).shape().stream().mapToLong(Long::longValue).toArray();
            shape[0] = -1;
            return new ModelInput(arrays.get(0).name(), OnnxJavaType.FLOAT, shape);
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    private static ModelInput of(NodeInfo input) {
        if (input.getInfo() instanceof TensorInfo info) {
            return new ModelInput(input.getName(), info.type, info.getShape());
        }
        return new ModelInput(input.getName(), OnnxJavaType.UNKNOWN, new long[0]);
    }

    /**
     * The graph inputs a caller must feed, in graph order, typed the way ONNX Runtime would report them (so
     * calibration and evaluation accept the same models).
     */
    public static List<ModelInput> fed(GraphProto graph) {
        Set<String> fed = fedNames(graph);
        return graph.getInputList().stream().filter(input -> fed.contains(input.getName()))
                .map(ModelInput::of).toList();
    }

    private static ModelInput of(ValueInfoProto input) {
        var tensor = input.getType().getTensorType();
        return new ModelInput(input.getName(), ElementTypes.javaType(tensor.getElemType()), dims(tensor.getShape()));
    }

    private static long[] dims(TensorShapeProto shape) {
        return shape.getDimList().stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
    }

    /** Graph inputs that are not initializers: the tensors a caller must feed. */
    public static Set<String> fedNames(GraphProto graph) {
        Set<String> constants = new LinkedHashSet<>();
        graph.getInitializerList().stream().map(TensorProto::getName).forEach(constants::add);
        Set<String> fed = new LinkedHashSet<>();
        graph.getInputList().stream().map(ValueInfoProto::getName).filter(n -> !constants.contains(n))
                .forEach(fed::add);
        return fed;
    }
}
