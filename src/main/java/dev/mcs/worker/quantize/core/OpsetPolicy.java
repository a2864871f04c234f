package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the default-domain opset of the quantized model.
 *
 * <p>The ops we add need opset 11 (DynamicQuantizeLinear); 13 is preferred. Raising the opset of a
 * whole model is only safe when no op in it changed meaning or signature on the way: e.g. the
 * all-MiniLM-L6-v2 export is opset 11 with Unsqueeze and Softmax, and would break at 13. The ops we
 * replace (MatMul, Gemm, Gather) only gained types or optional inputs between 10 and 13.
 */
public final class OpsetPolicy {

    static final long MINIMUM_SUPPORTED = 10;
    static final long REQUIRED = 11;
    public static final long PREFERRED = 13;

    /** Op type to the opset in which it changed incompatibly (attribute became an input, or new semantics). */
    private static final Map<String, Long> BREAKING_CHANGES = Map.ofEntries(
            Map.entry("Clip", 11L), Map.entry("Pad", 11L), Map.entry("Resize", 11L),
            Map.entry("Dropout", 12L),
            Map.entry("Squeeze", 13L), Map.entry("Unsqueeze", 13L), Map.entry("ReduceSum", 13L),
            Map.entry("Split", 13L), Map.entry("Softmax", 13L), Map.entry("LogSoftmax", 13L),
            Map.entry("Hardmax", 13L));

    private OpsetPolicy() {
    }

    public static long current(OnnxMl.ModelProto model) throws QuantizationException {
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (Protos.isDefaultDomain(opset.getDomain())) {
                return opset.getVersion();
            }
        }
        throw new QuantizationException("the model declares no opset for the default ONNX domain");
    }

    /** The opset to write, never lower than the current one. */
    public static long target(OnnxMl.ModelProto model) throws QuantizationException {
        long current = current(model);
        if (current < MINIMUM_SUPPORTED) {
            throw new QuantizationException("the model uses ONNX opset " + current + "; dynamic_int8 needs opset "
                    + MINIMUM_SUPPORTED + " or newer: re-export the model with opset 13");
        }
        if (current >= PREFERRED) {
            return current;
        }
        Set<String> ops = new TreeSet<>();
        collectOps(model.getGraph(), ops);
        if (breaking(ops, current, PREFERRED).isEmpty()) {
            return PREFERRED;
        }
        if (current >= REQUIRED) {
            return current;
        }
        Set<String> blockers = breaking(ops, current, REQUIRED);
        if (blockers.isEmpty()) {
            return REQUIRED;
        }
        throw new QuantizationException("the model uses opset " + current + " and ops " + blockers
                + " that changed in opset " + REQUIRED + ", which dynamic_int8 needs: re-export the model with opset 13");
    }

    public static OnnxMl.ModelProto withDefaultOpset(OnnxMl.ModelProto model, long version) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            if (Protos.isDefaultDomain(b.getOpsetImport(i).getDomain())) {
                b.setOpsetImport(i, b.getOpsetImport(i).toBuilder().setVersion(version));
            }
        }
        return b.build();
    }

    private static Set<String> breaking(Set<String> ops, long from, long to) {
        Set<String> found = new TreeSet<>();
        for (String op : ops) {
            Long changedAt = BREAKING_CHANGES.get(op);
            if (changedAt != null && changedAt > from && changedAt <= to) {
                found.add(op);
            }
        }
        return found;
    }

    private static void collectOps(OnnxMl.GraphProto graph, Set<String> ops) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (Protos.isDefaultDomain(node.getDomain())) {
                ops.add(node.getOpType());
            }
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    collectOps(a.getG(), ops);
                }
                a.getGraphsList().forEach(g -> collectOps(g, ops));
            }
        }
    }
}
