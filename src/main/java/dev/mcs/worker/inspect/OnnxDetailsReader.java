package dev.mcs.worker.inspect;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.mcs.worker.engine.ElementTypes;
import dev.mcs.worker.engine.GraphTensors;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.worker.engine.OnnxModelFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns a parsed ONNX protobuf into {@link OnnxDetails}. Maps are sorted so that reports are stable. */
final class OnnxDetailsReader {

    private OnnxDetailsReader() {}

    static OnnxDetails read(ModelProto model) {
        GraphProto graph = model.getGraph();
        return new OnnxDetails(
                model.getIrVersion(),
                opsets(model),
                model.getProducerName(),
                model.getProducerVersion(),
                inputs(graph),
                graph.getOutputList().stream().map(OnnxDetailsReader::spec).toList(),
                nodeCounts(graph),
                nodeNames(graph),
                initializerStats(model),
                GraphTensors.all(model).stream().anyMatch(OnnxModelFile::isExternal));
    }

    private static Map<String, Long> opsets(ModelProto model) {
        Map<String, Long> opsets = new TreeMap<>();
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            opsets.put(opset.getDomain(), opset.getVersion());
        }
        return opsets;
    }

    /** Models written with IR &lt; 4 list initializers among the inputs; those are not inputs a caller feeds. */
    private static List<TensorSpec> inputs(GraphProto graph) {
        Set<String> initializers = graph.getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        return graph.getInputList().stream()
                .filter(input -> !initializers.contains(input.getName()))
                .map(OnnxDetailsReader::spec)
                .toList();
    }

    private static TensorSpec spec(ValueInfoProto value) {
        TypeProto type = value.getType();
        if (!type.hasTensorType()) {
            return new TensorSpec(value.getName(), type.getValueCase().name().toLowerCase(java.util.Locale.ROOT), List.of());
        }
        TypeProto.Tensor tensor = type.getTensorType();
        List<String> shape = tensor.getShape().getDimList().stream().map(OnnxDetailsReader::dim).toList();
        return new TensorSpec(value.getName(), ElementTypes.name(tensor.getElemType()), shape);
    }

    private static String dim(TensorShapeProto.Dimension dim) {
        if (dim.hasDimValue()) {
            return Long.toString(dim.getDimValue());
        }
        return dim.hasDimParam() && !dim.getDimParam().isEmpty() ? dim.getDimParam() : "?";
    }

    private static Map<String, Integer> nodeCounts(GraphProto graph) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto node : graph.getNodeList()) {
            counts.merge(opName(node), 1, Integer::sum);
        }
        return counts;
    }

    /** Labels as {@code excludeNodes} takes them, in graph order; null beyond the cap (see {@link OnnxDetails}). */
    private static Map<String, List<String>> nodeNames(GraphProto graph) {
        Map<String, List<String>> names = new TreeMap<>();
        int kept = 0;
        for (NodeProto node : graph.getNodeList()) {
            if (isStandard(node) && OpTypes.NAMED.contains(node.getOpType())) {
                if (++kept > OnnxDetails.MAX_NAMED_NODES) {
                    return null;
                }
                String output = node.getOutputCount() > 0 ? node.getOutput(0) : null;
                names.computeIfAbsent(node.getOpType(), type -> new ArrayList<>())
                        .add(OpTypes.label(node.getName(), output, node.getOpType()));
            }
        }
        return names;
    }

    private static boolean isStandard(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    private static String opName(NodeProto node) {
        return isStandard(node) ? node.getOpType() : node.getDomain() + ":" + node.getOpType();
    }

    private static Map<String, InitializerStats> initializerStats(ModelProto model) {
        Map<String, InitializerStats> stats = new TreeMap<>();
        for (TensorProto tensor : GraphTensors.initializers(model)) {
            InitializerStats one = new InitializerStats(1, ElementTypes.storedBytes(tensor), ElementTypes.elements(tensor));
            stats.merge(ElementTypes.name(tensor.getDataType()), one, OnnxDetailsReader::add);
        }
        return stats;
    }

    private static InitializerStats add(InitializerStats a, InitializerStats b) {
        return new InitializerStats(a.count() + b.count(), a.bytes() + b.bytes(), a.elements() + b.elements());
    }
}
