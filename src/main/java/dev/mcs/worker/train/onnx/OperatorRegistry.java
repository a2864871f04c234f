package dev.mcs.worker.train.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The operators the executor runs, keyed by ONNX op type (default domain only), one class per family. */
public final class OperatorRegistry {

    private static final Map<String, OnnxOp> OPS = build();

    /**
     * Inputs that are statistics or settings rather than weights: float initializers there stay constants
     * (BatchNormalization's running mean and variance, Pow's exponent, Clip's bounds, Pad's value).
     */
    private static final Map<String, Set<Integer>> CONSTANT_INPUTS = Map.of(
            "BatchNormalization", Set.of(3, 4), "Pow", Set.of(1), "Clip", Set.of(1, 2), "Pad", Set.of(2));

    private OperatorRegistry() {
    }

    private static Map<String, OnnxOp> build() {
        Map<String, OnnxOp> ops = new HashMap<>();
        ElementwiseOps.register(ops);
        ShapeOps.register(ops);
        IndexOps.register(ops);
        ConvPoolOps.register(ops);
        NormalizationOps.register(ops);
        ReduceOps.register(ops);
        MatMulOps.register(ops);
        ResizeOps.register(ops);
        return Map.copyOf(ops);
    }

    public static SortedSet<String> supportedTypes() {
        return new TreeSet<>(OPS.keySet());
    }

    /** Every operator of the graph the executor cannot run, as "OpType" or "domain:OpType"; empty when all run. */
    public static SortedSet<String> unsupported(OnnxMl.GraphProto graph) {
        SortedSet<String> missing = new TreeSet<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!isDefaultDomain(node.getDomain())) {
                missing.add(node.getDomain() + ":" + node.getOpType());
            } else if (!OPS.containsKey(node.getOpType())) {
                missing.add(node.getOpType());
            }
        }
        return missing;
    }

    /** @throws UnsupportedOperatorsException naming every operator the executor cannot run */
    public static void requireSupported(OnnxMl.GraphProto graph) throws UnsupportedOperatorsException {
        SortedSet<String> missing = unsupported(graph);
        if (!missing.isEmpty()) {
            throw new UnsupportedOperatorsException(missing);
        }
    }

    static OnnxOp find(String opType) {
        return OPS.get(opType);
    }

    static boolean isConstantInput(String opType, int index) {
        return CONSTANT_INPUTS.getOrDefault(opType, Set.of()).contains(index);
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
