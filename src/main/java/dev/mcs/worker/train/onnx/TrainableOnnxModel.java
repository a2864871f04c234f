package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ONNX graph made trainable: executed node by node with DJL operations on the PyTorch engine. Float
 * initializers with more than one element are {@link Parameter}s that require gradients (freeze some with
 * {@link #freeze}); integer initializers, scalars and statistics (BatchNormalization's running mean/variance) stay
 * constants; float weights held in Constant nodes become initializers first ({@link ConstantWeights}). A forward pass
 * returns the graph outputs or any named intermediate tensor. {@link #withTrainedWeights} writes the current
 * parameter values back into a copy of the graph, which is otherwise unchanged.
 *
 * <p>Train by running {@link #forward} inside a {@code GradientCollector} (one per JVM on this engine) and stepping
 * an optimizer on {@code parameters()}; outside one, the same pass is plain inference.
 */
public final class TrainableOnnxModel implements AutoCloseable {

    private final OnnxMl.ModelProto proto;
    private final NDManager manager;
    private final Map<String, Parameter> parameters;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final GraphRun run;

    private TrainableOnnxModel(OnnxMl.ModelProto proto, NDManager manager, Map<String, Parameter> parameters,
            Map<String, NDArray> weights, GraphPlan plan) {
        this.proto = proto;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        Set<String> initializers = new HashSet<>(weights.keySet());
        this.inputNames = proto.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName)
                .filter(n -> !initializers.contains(n)).toList();
        this.outputNames = proto.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
        this.run = new GraphRun(plan, weights, opset(proto));
    }

    /** Reads the file through the worker's one ONNX reader (which refuses external data) and loads it. */
    public static TrainableOnnxModel load(Path file, NDManager parent) throws InvalidModelException, UnsupportedOperatorsException {
        return load(OnnxModelFile.read(file).proto(), parent);
    }

    /**
     * @throws UnsupportedOperatorsException before anything is allocated, naming every operator the executor lacks
     */
    public static TrainableOnnxModel load(OnnxMl.ModelProto original, NDManager parent) throws UnsupportedOperatorsException {
        OperatorRegistry.requireSupported(original.getGraph());
        OnnxMl.ModelProto model = ConstantWeights.lift(original);
        NDManager manager = parent.newSubManager();
        try {
            Set<String> constantRole = constantRoleInputs(model.getGraph());
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            Map<String, NDArray> weights = new HashMap<>();
            for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
                NDArray array = TensorProtos.toArray(manager, t);
                weights.put(t.getName(), array);
                if (TensorProtos.isFloat(t) && array.size() > 1 && !constantRole.contains(t.getName())) {
                    parameters.put(t.getName(), parameter(t.getName(), array));
                }
            }
            Set<String> available = new HashSet<>(weights.keySet());
            model.getGraph().getInputList().forEach(i -> available.add(i.getName()));
            return new TrainableOnnxModel(model, manager, parameters, weights, GraphPlan.of(model.getGraph(), available));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Parameter parameter(String name, NDArray array) {
        array.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(array.getShape()).optArray(array)
                .optRequiresGrad(true).build();
    }

    private static Set<String> constantRoleInputs(OnnxMl.GraphProto graph) {
        Set<String> names = new HashSet<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (int i = 0; i < node.getInputCount(); i++) {
                if (OperatorRegistry.isConstantInput(node.getOpType(), i)) {
                    names.add(node.getInput(i));
                }
            }
        }
        return names;
    }

    static long opset(OnnxMl.ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).findFirst()
                .orElseThrow(() -> new OnnxExecutionException("the model imports no default-domain opset"));
    }

    /** The graph inputs to feed (initializers listed as inputs, as old exporters did, are not among them). */
    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** The trainable weights by initializer name, in the graph's initializer order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Stops (or resumes) training of the parameters whose name matches, e.g. a word-embedding table. */
    public void freeze(Predicate<String> names, boolean freeze) {
        parameters.forEach((name, p) -> {
            if (names.test(name)) {
                p.freeze(freeze);
            }
        });
    }

    /**
     * One optimizer step on every parameter that is not frozen and has a gradient: call it after the
     * {@code GradientCollector} that ran backward is closed. The optimizer keeps its state per parameter name.
     */
    public void step(Optimizer optimizer) {
        parameters.forEach((name, p) -> {
            NDArray weight = p.getArray();
            if (p.requiresGradient() && weight.hasGradient()) {
                optimizer.update(name, weight, weight.getGradient());
            }
        });
    }

    /** The graph outputs, computed into {@code scope}, which the caller closes. */
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> feed) {
        return forward(scope, feed, outputNames);
    }

    /** The named tensors (graph outputs, intermediates, inputs or weights), in the order asked for. */
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> feed, Collection<String> names) {
        for (String input : inputNames) {
            if (!feed.containsKey(input)) {
                throw new IllegalArgumentException("graph input '" + input + "' is not fed");
            }
        }
        return run.run(scope, feed, List.copyOf(names));
    }

    /**
     * The model as loaded with every parameter's current value in its initializer; nothing else changes (except that
     * float weights exporters held in Constant nodes are initializers now).
     */
    public OnnxMl.ModelProto withTrainedWeights() {
        OnnxMl.GraphProto.Builder graph = proto.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            Parameter p = parameters.get(graph.getInitializer(i).getName());
            if (p != null) {
                graph.setInitializer(i, TensorProtos.withFloats(graph.getInitializer(i), p.getArray().toFloatArray()));
            }
        }
        return proto.toBuilder().setGraph(graph).build();
    }

    public void save(Path output) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            withTrainedWeights().writeTo(out);
        }
    }

    public OnnxMl.ModelProto proto() {
        return proto;
    }

    @Override
    public void close() {
        manager.close();
    }
}
