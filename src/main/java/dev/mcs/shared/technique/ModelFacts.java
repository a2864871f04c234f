package dev.mcs.shared.technique;

import dev.mcs.shared.format.ModelFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a method's submission checks know about the job's model, from its format and stored inspection. Any part may
 * be unknown (null): a model still being inspected, a TorchScript model (no ONNX details), or an inspection written
 * before node names were recorded; an unknown part is not checked, and the worker finds what it would have refused.
 *
 * @param format the model's format
 * @param opCounts node count per operator type of the main graph, ops of other domains as {@code domain:op}
 * @param nodeNames labels (see {@link OpTypes#label}) of the main graph's nodes per type of {@link OpTypes#NAMED}
 * @param initializerTypes element types (e.g. {@code float}, {@code int8}) of which the model has initializers
 * @param inputs the graph inputs a caller feeds
 * @param outputs the graph outputs
 * @param torchScriptFloatInput a TorchScript module's one float input that its smoke test at inspection ran it on (the
 *     shape, batch first): the module takes a single float tensor; null for ONNX, or when the test failed or did not
 *     run. The shape is a guess that worked, not a spec, so only "one float input" is read from it
 */
public record ModelFacts(ModelFormat format, Map<String, Integer> opCounts, Map<String, List<String>> nodeNames,
        Set<String> initializerTypes, List<Tensor> inputs, List<Tensor> outputs, List<Long> torchScriptFloatInput) {

    /** A model whose inspection tells nothing (yet). */
    public static final ModelFacts UNKNOWN = new ModelFacts(null, null);

    /**
     * A graph input or output as the inspection declares it.
     *
     * @param rank its dimension count, batch included; -1 when the graph declares no shape
     */
    public record Tensor(String name, String elementType, int rank) {}

    public ModelFacts {
        opCounts = opCounts == null ? null : Map.copyOf(opCounts);
        nodeNames = nodeNames == null ? null : Map.copyOf(nodeNames);
        initializerTypes = initializerTypes == null ? null : Set.copyOf(initializerTypes);
        inputs = inputs == null ? null : List.copyOf(inputs);
        outputs = outputs == null ? null : List.copyOf(outputs);
        torchScriptFloatInput = torchScriptFloatInput == null ? null : List.copyOf(torchScriptFloatInput);
    }

    /** A model whose TorchScript smoke test tells nothing (any ONNX model). */
    public ModelFacts(ModelFormat format, Map<String, Integer> opCounts, Map<String, List<String>> nodeNames,
            Set<String> initializerTypes, List<Tensor> inputs, List<Tensor> outputs) {
        this(format, opCounts, nodeNames, initializerTypes, inputs, outputs, null);
    }

    /** An ONNX model of which only the operators (and perhaps node names) are known. */
    public ModelFacts(Map<String, Integer> opCounts, Map<String, List<String>> nodeNames) {
        this(opCounts == null ? null : ModelFormat.ONNX, opCounts, nodeNames, null, null, null);
    }

    /** Nodes of {@code opType} in the main graph; -1 when the operators are unknown. */
    public int count(String opType) {
        return opCounts == null ? -1 : opCounts.getOrDefault(opType, 0);
    }
}
