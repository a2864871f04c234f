package dev.mcs.worker.engine;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TrainingInfoProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the tensors stored in a model, including those of subgraphs (If, Loop, Scan bodies),
 * because weights and external-data references can hide in any of them.
 */
public final class GraphTensors {

    private final boolean includeNodeAttributes;
    private final List<TensorProto> found = new ArrayList<>();

    private GraphTensors(boolean includeNodeAttributes) {
        this.includeNodeAttributes = includeNodeAttributes;
    }

    /** Initializers (dense, and the values of sparse ones) of every graph: what the model learned. */
    public static List<TensorProto> initializers(ModelProto model) {
        GraphTensors walker = new GraphTensors(false);
        walker.graph(model.getGraph());
        return walker.found;
    }

    /** Every tensor the file holds: initializers, constants in node attributes, functions, training graphs. */
    public static List<TensorProto> all(ModelProto model) {
        GraphTensors walker = new GraphTensors(true);
        walker.graph(model.getGraph());
        model.getFunctionsList().forEach(f -> f.getNodeList().forEach(walker::node));
        for (TrainingInfoProto training : model.getTrainingInfoList()) {
            walker.graph(training.getInitialization());
            walker.graph(training.getAlgorithm());
        }
        return walker.found;
    }

    private void graph(GraphProto graph) {
        found.addAll(graph.getInitializerList());
        graph.getSparseInitializerList().forEach(this::sparse);
        graph.getNodeList().forEach(this::node);
    }

    private void sparse(SparseTensorProto sparse) {
        found.add(sparse.getValues());
        if (includeNodeAttributes) {
            found.add(sparse.getIndices());
        }
    }

    private void node(NodeProto node) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (includeNodeAttributes) {
                constants(attribute);
            }
            if (attribute.hasG()) {
                graph(attribute.getG());
            }
            attribute.getGraphsList().forEach(this::graph);
        }
    }

    private void constants(AttributeProto attribute) {
        if (attribute.hasT()) {
            found.add(attribute.getT());
        }
        found.addAll(attribute.getTensorsList());
        if (attribute.hasSparseTensor()) {
            sparse(attribute.getSparseTensor());
        }
        attribute.getSparseTensorsList().forEach(this::sparse);
    }
}
