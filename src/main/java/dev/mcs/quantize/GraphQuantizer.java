package dev.mcs.quantize;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the dynamic int8 scheme to the top-level graph. Replacement nodes go where the original
 * node was, so the node list stays topologically sorted and downstream nodes see the same names.
 */
final class GraphQuantizer {

    record Result(OnnxMl.GraphProto graph, int matMuls, int gemms, int embeddings, int floatKept,
                  List<String> quantizedNodes) {
    }

    private final OnnxMl.GraphProto graph;
    private final RewriteContext ctx;
    private final MatMulRewriter matMuls;
    private final EmbeddingRewriter embeddings;
    private final List<String> quantizedNodes = new ArrayList<>();
    private int matMulCount;
    private int gemmCount;
    private int embeddingCount;
    private int floatKept;

    GraphQuantizer(OnnxMl.GraphProto graph) {
        this.graph = graph;
        this.ctx = new RewriteContext(graph, new GraphUses(graph));
        this.matMuls = new MatMulRewriter(ctx);
        this.embeddings = new EmbeddingRewriter(ctx);
    }

    Result rewrite() throws QuantizationException {
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            nodes.addAll(rewrite(node));
        }
        return new Result(assemble(nodes), matMulCount, gemmCount, embeddingCount, floatKept, quantizedNodes);
    }

    private List<OnnxMl.NodeProto> rewrite(OnnxMl.NodeProto node) throws QuantizationException {
        if (!Protos.isDefaultDomain(node.getDomain())) {
            return List.of(node);
        }
        return switch (node.getOpType()) {
            case "MatMul" -> matMul(node);
            case "Gemm" -> gemm(node);
            case "Gather" -> gather(node);
            default -> List.of(node);
        };
    }

    private List<OnnxMl.NodeProto> matMul(OnnxMl.NodeProto node) throws QuantizationException {
        if (node.getInputCount() != 2 || !ctx.uses().isFloatMatrix(node.getInput(1))) {
            floatKept++;
            return List.of(node);
        }
        matMulCount++;
        quantizedNodes.add(Protos.label(node));
        return matMuls.replace(node, false, null);
    }

    private List<OnnxMl.NodeProto> gemm(OnnxMl.NodeProto node) throws QuantizationException {
        String bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? node.getInput(2) : null;
        // alpha, beta and transA have no place in the MatMulInteger pattern; such Gemms stay float.
        boolean plain = Protos.floatAttribute(node, "alpha", 1f) == 1f && Protos.intAttribute(node, "transA", 0) == 0
                && (bias == null || Protos.floatAttribute(node, "beta", 1f) == 1f);
        if (!plain || !ctx.uses().isFloatMatrix(node.getInput(1))) {
            floatKept++;
            return List.of(node);
        }
        gemmCount++;
        quantizedNodes.add(Protos.label(node));
        return matMuls.replace(node, Protos.intAttribute(node, "transB", 0) != 0, bias);
    }

    private List<OnnxMl.NodeProto> gather(OnnxMl.NodeProto node) throws QuantizationException {
        String table = node.getInput(0);
        if (!ctx.uses().isEmbeddingTable(table)) {
            return List.of(node);
        }
        if (!embeddings.isQuantized(table)) {
            embeddingCount++;
        }
        quantizedNodes.add(Protos.label(node));
        return embeddings.replace(node);
    }

    /** Drops the float weights nothing reads any more, here and in the graph's input list. */
    private OnnxMl.GraphProto assemble(List<OnnxMl.NodeProto> nodes) {
        Set<String> stillRead = new HashSet<>(ctx.uses().pinned());
        nodes.forEach(n -> stillRead.addAll(n.getInputList()));
        Set<String> removed = new HashSet<>(ctx.replacedWeights());
        removed.removeAll(stillRead);
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().clearInput().clearValueInfo();
        graph.getInitializerList().stream().filter(t -> !removed.contains(t.getName())).forEach(out::addInitializer);
        out.addAllInitializer(ctx.added());
        graph.getInputList().stream().filter(v -> !removed.contains(v.getName())).forEach(out::addInput);
        graph.getValueInfoList().stream().filter(v -> !removed.contains(v.getName())).forEach(out::addValueInfo);
        return out.build();
    }
}
