package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.Protos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the Conv, MatMul and Gemm nodes whose weights static QDQ quantization can take, and why others stay float. */
final class StaticTargetFinder {

    /**
     * Convs summing fewer products per output stay float: measured on the digits CNN (first Conv 1x3x3),
     * quantizing it cost a Quantize and an NCHW→NHWC transpose for no faster arithmetic (int8/fp32 latency
     * 1.37 at batch 1 with it, 1.13 without; 1.30 and 0.74 at batch 32). The fixtures' other Convs have depth 72
     * and 288, so 16 is one value of many that separate them (docs/quantization.md, "Tuned constants").
     */
    static final long MIN_CONV_DEPTH = 16;

    private final Set<String> opTypes;
    private final Set<String> excluded;
    private final List<StaticQuantTarget> targets = new ArrayList<>();
    private final Map<String, String> keptFloat = new LinkedHashMap<>();
    private Map<String, OnnxMl.TensorProto> initializers;

    StaticTargetFinder(List<String> opTypes, List<String> excludeNodes) {
        this.opTypes = new HashSet<>(opTypes);
        this.excluded = new HashSet<>(excludeNodes);
    }

    void scan(OnnxMl.GraphProto graph) {
        initializers = new GraphUses(graph).initializers();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!Protos.isDefaultDomain(node.getDomain()) || !opTypes.contains(node.getOpType())) {
                continue;
            }
            if (excluded.contains(node.getName()) || excluded.contains(Protos.label(node))) {
                keptFloat.put(Protos.label(node), "excluded by excludeNodes");
                continue;
            }
            String reason = consider(node);
            if (reason != null) {
                keptFloat.put(Protos.label(node), reason);
            }
        }
    }

    List<StaticQuantTarget> targets() {
        return targets;
    }

    Map<String, String> keptFloat() {
        return keptFloat;
    }

    /** Adds the node as a target, or returns why it cannot be one. */
    private String consider(OnnxMl.NodeProto node) {
        return switch (node.getOpType()) {
            case OpTypes.CONV -> conv(node);
            case OpTypes.MATMUL -> matMul(node);
            case OpTypes.GEMM -> gemm(node);
            default -> "op type " + node.getOpType() + " has no static int8 form";
        };
    }

    private String conv(OnnxMl.NodeProto node) {
        OnnxMl.TensorProto w = node.getInputCount() > 1 ? floatConstant(node.getInput(1)) : null;
        if (w == null || w.getDimsCount() < 3 || w.getDims(0) < 1) {
            return "weight is not a constant float tensor";
        }
        long depth = 1;
        for (int d = 1; d < w.getDimsCount(); d++) {
            depth *= w.getDims(d);
        }
        if (depth < MIN_CONV_DEPTH) {
            return "reduction depth " + depth + " (input channels x kernel) is below " + MIN_CONV_DEPTH
                    + ": an int8 kernel would be slower than float";
        }
        String bias = optionalInput(node, 2);
        if (bias != null && !isVector(bias, w.getDims(0))) {
            return "bias is not a constant float vector";
        }
        targets.add(new StaticQuantTarget(node, node.getInput(1), bias, 0));
        return null;
    }

    private String matMul(OnnxMl.NodeProto node) {
        OnnxMl.TensorProto w = node.getInputCount() == 2 ? floatConstant(node.getInput(1)) : null;
        if (w == null || w.getDimsCount() != 2) {
            return "second input is not a constant 2-D float weight (activation x activation)";
        }
        targets.add(new StaticQuantTarget(node, node.getInput(1), null, 1));
        return null;
    }

    private String gemm(OnnxMl.NodeProto node) {
        OnnxMl.TensorProto w = floatConstant(node.getInput(1));
        if (w == null || w.getDimsCount() != 2) {
            return "B is not a constant 2-D float weight";
        }
        boolean transB = Protos.intAttribute(node, "transB", 0) != 0;
        String bias = optionalInput(node, 2);
        // An int32 bias is scaled by input scale x weight scale, which only equals C when alpha and beta are 1.
        if (Protos.floatAttribute(node, "alpha", 1f) != 1f || Protos.intAttribute(node, "transA", 0) != 0
                || bias != null && Protos.floatAttribute(node, "beta", 1f) != 1f) {
            return "alpha, beta or transA differ from the plain form";
        }
        if (bias != null && !isVector(bias, transB ? w.getDims(0) : w.getDims(1))) {
            return "C is not a constant float vector of length N";
        }
        targets.add(new StaticQuantTarget(node, node.getInput(1), bias, transB ? 0 : 1));
        return null;
    }

    private static String optionalInput(OnnxMl.NodeProto node, int i) {
        return node.getInputCount() > i && !node.getInput(i).isEmpty() ? node.getInput(i) : null;
    }

    private OnnxMl.TensorProto floatConstant(String name) {
        OnnxMl.TensorProto t = initializers.get(name);
        boolean external = t != null && (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL
                || t.getExternalDataCount() > 0);
        return t != null && !external && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE ? t : null;
    }

    private boolean isVector(String name, long length) {
        OnnxMl.TensorProto t = floatConstant(name);
        return t != null && t.getDimsCount() == 1 && t.getDims(0) == length;
    }
}
