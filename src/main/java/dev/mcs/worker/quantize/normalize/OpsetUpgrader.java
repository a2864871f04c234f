package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raises the default-domain opset to what a method needs, operator by operator as the ONNX version converter
 * does: nodes of operators whose meaning changed on the way ({@link OperatorChanges}) are rewritten by a
 * converter, all other nodes stay as they are. Only the main graph is converted; a changed operator inside a
 * subgraph blocks the upgrade.
 */
final class OpsetUpgrader {

    static final long OLDEST = 7;

    private static final Map<String, OpConverter> CONVERTERS = Map.ofEntries(
            Map.entry("BatchNormalization", SimpleConverters::batchNormalization),
            Map.entry("Dropout", SimpleConverters::dropout), Map.entry("Scatter", SimpleConverters::scatter),
            Map.entry("Upsample", ResizeConverter::convert), Map.entry("Resize", ResizeConverter::convert),
            Map.entry("Slice", AttributeInputs::slice), Map.entry("TopK", AttributeInputs::topK),
            Map.entry("Clip", AttributeInputs::clip), Map.entry("Pad", AttributeInputs::pad),
            Map.entry("Squeeze", AttributeInputs.listToSecondInput("axes")),
            Map.entry("Unsqueeze", AttributeInputs.listToSecondInput("axes")),
            Map.entry("ReduceSum", AttributeInputs.listToSecondInput("axes")),
            Map.entry("Split", AttributeInputs.listToSecondInput("split")),
            Map.entry("Softmax", AxisCoercion::convert), Map.entry("LogSoftmax", AxisCoercion::convert),
            Map.entry("Hardmax", AxisCoercion::convert));

    record Result(OnnxMl.ModelProto model, long from, long to, int converted) {
    }

    private OpsetUpgrader() {
    }

    static Result upgrade(OnnxMl.ModelProto model, OpsetGoal goal) throws NormalizationException {
        if (goal.required() == 0 && goal.wanted() == 0) {
            return new Result(model, 0, 0, 0); // a method that needs no particular opset: nothing to read or raise
        }
        long current = defaultOpset(model);
        if (current >= Math.max(goal.required(), goal.wanted())) {
            return new Result(model, current, current, 0);
        }
        if (current < OLDEST) {
            throw new NormalizationException("the model uses ONNX opset " + current + "; models older than opset "
                    + OLDEST + " are not upgraded: re-export the model with opset 13");
        }
        for (long target : new TreeSet<>(List.of(Math.max(goal.required(), goal.wanted()), goal.required())).descendingSet()) {
            if (target > current && blockers(model.getGraph(), current, target).isEmpty()) {
                return convert(model, current, target);
            }
        }
        if (current >= goal.required()) {
            return new Result(model, current, current, 0);
        }
        throw new NormalizationException("the model uses opset " + current + " and needs opset " + goal.required()
                + ", but " + blockers(model.getGraph(), current, goal.required())
                + " changed meaning on the way and cannot be converted here: re-export the model with opset 13");
    }

    /** Changed operators with no converter, and changed operators inside subgraphs (never converted). */
    private static Set<String> blockers(OnnxMl.GraphProto graph, long from, long to) {
        Set<String> all = OperatorChanges.breaking(OperatorChanges.opTypes(graph), from, to);
        Set<String> top = OperatorChanges.breaking(OperatorChanges.topLevelOpTypes(graph), from, to);
        Set<String> found = new TreeSet<>();
        for (String op : all) {
            if (!CONVERTERS.containsKey(op)) {
                found.add(op);
            } else if (!top.contains(op) || insideSubgraph(graph, op)) {
                found.add(op + " (inside a subgraph)");
            }
        }
        return found;
    }

    private static boolean insideSubgraph(OnnxMl.GraphProto graph, String op) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                List<OnnxMl.GraphProto> subgraphs = new ArrayList<>(a.getGraphsList());
                if (a.hasG()) {
                    subgraphs.add(a.getG());
                }
                for (OnnxMl.GraphProto g : subgraphs) {
                    if (OperatorChanges.opTypes(g).contains(op)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Result convert(OnnxMl.ModelProto model, long from, long to) throws NormalizationException {
        OnnxMl.GraphProto graph = model.getGraph();
        Conversion conversion = new Conversion(graph, to);
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode();
        int converted = 0;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            boolean changed = Names.isDefaultDomain(node.getDomain())
                    && !OperatorChanges.breaking(Set.of(node.getOpType()), from, to).isEmpty();
            out.addAllNode(changed ? CONVERTERS.get(node.getOpType()).convert(node, conversion) : List.of(node));
            converted += changed ? 1 : 0;
        }
        out.addAllInitializer(conversion.added());
        OnnxMl.ModelProto.Builder b = model.toBuilder().setGraph(out.build());
        b.setIrVersion(Math.max(model.getIrVersion(), irVersionFor(to)));
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            if (Names.isDefaultDomain(b.getOpsetImport(i).getDomain())) {
                b.setOpsetImport(i, b.getOpsetImport(i).toBuilder().setVersion(to));
            }
        }
        return new Result(b.build(), from, to, converted);
    }

    /** The IR version that introduced each opset (ONNX's versioning table): 9 → 4, 10 → 5, 11 → 6, 12 and 13 → 7. */
    private static long irVersionFor(long opset) {
        return opset >= 12 ? 7 : Math.max(3, opset - 5);
    }

    static long defaultOpset(OnnxMl.ModelProto model) throws NormalizationException {
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (Names.isDefaultDomain(opset.getDomain())) {
                return opset.getVersion();
            }
        }
        throw new NormalizationException("the model declares no opset for the default ONNX domain");
    }
}
