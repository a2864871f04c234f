package dev.mcs.worker.quantize.dynamic;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.worker.quantize.core.EmbeddingRewriter;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the dynamic int8 scheme to the top-level graph. Replacement nodes go where the original
 * node was, so the node list stays topologically sorted and downstream nodes see the same names.
 */
final class GraphQuantizer {

    record Result(OnnxMl.GraphProto graph, int matMuls, int gemms, int embeddings, int floatKept,
                  List<String> quantizedNodes, List<String> excludedNodes) {
    }

    private static final int NAMES_IN_ERRORS = 8;

    private final OnnxMl.GraphProto graph;
    private final OnnxDynamicQuantizer.Options options;
    private final RewriteContext ctx;
    private final MatMulRewriter matMuls;
    private final EmbeddingRewriter embeddings;
    private final List<String> quantizedNodes = new ArrayList<>();
    private final List<String> excludedNodes = new ArrayList<>();
    private int matMulCount;
    private int gemmCount;
    private int embeddingCount;
    private int floatKept;

    GraphQuantizer(OnnxMl.GraphProto graph) {
        this(graph, OnnxDynamicQuantizer.Options.DEFAULT);
    }

    GraphQuantizer(OnnxMl.GraphProto graph, OnnxDynamicQuantizer.Options options) {
        this.graph = graph;
        this.options = options;
        this.ctx = new RewriteContext(graph, new GraphUses(graph));
        this.matMuls = new MatMulRewriter(ctx, options);
        this.embeddings = new EmbeddingRewriter(ctx);
    }

    /** Labels of the nodes this scheme can quantize, whatever the options: what {@code excludeNodes} may name. */
    Set<String> candidates() {
        Set<String> names = new LinkedHashSet<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (Protos.isDefaultDomain(node.getDomain()) && isCandidate(node)) {
                names.add(Protos.label(node));
            }
        }
        return names;
    }

    Result rewrite() throws QuantizationException {
        checkExclusions();
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            nodes.addAll(rewrite(node));
        }
        return new Result(ctx.assemble(graph, nodes), matMulCount, gemmCount, embeddingCount, floatKept, quantizedNodes,
                excludedNodes);
    }

    private void checkExclusions() throws QuantizationException {
        Set<String> valid = candidates();
        Set<String> unknown = new LinkedHashSet<>(options.excludeNodes());
        unknown.removeAll(valid);
        if (!unknown.isEmpty()) {
            throw new QuantizationException("excludeNodes names " + unknown + ", which are not quantizable nodes of"
                    + " this model; quantizable nodes include " + valid.stream().limit(NAMES_IN_ERRORS).toList()
                    + (valid.size() > NAMES_IN_ERRORS ? " (" + valid.size() + " in all)" : ""));
        }
    }

    private boolean isCandidate(OnnxMl.NodeProto node) {
        return switch (node.getOpType()) {
            case OpTypes.MATMUL -> isQuantizableMatMul(node);
            case OpTypes.GEMM -> isQuantizableGemm(node);
            case OpTypes.GATHER -> ctx.uses().isEmbeddingTable(node.getInput(0));
            default -> false;
        };
    }

    private List<OnnxMl.NodeProto> rewrite(OnnxMl.NodeProto node) throws QuantizationException {
        if (!Protos.isDefaultDomain(node.getDomain())) {
            return List.of(node);
        }
        boolean excluded = options.excludeNodes().contains(Protos.label(node)) && isCandidate(node);
        if (excluded) {
            excludedNodes.add(Protos.label(node));
        }
        return switch (node.getOpType()) {
            case OpTypes.MATMUL -> excluded || !options.opTypes().contains(OpTypes.MATMUL) ? keep(node) : matMul(node);
            case OpTypes.GEMM -> excluded || !options.opTypes().contains(OpTypes.GEMM) ? keep(node) : gemm(node);
            case OpTypes.GATHER -> excluded || !options.quantizeEmbeddings() ? List.of(node) : gather(node);
            default -> List.of(node);
        };
    }

    private List<OnnxMl.NodeProto> keep(OnnxMl.NodeProto node) {
        floatKept++;
        return List.of(node);
    }

    private boolean isQuantizableMatMul(OnnxMl.NodeProto node) {
        return node.getInputCount() == 2 && ctx.uses().isFloatMatrix(node.getInput(1));
    }

    /** alpha, beta and transA have no place in the MatMulInteger pattern; such Gemms stay float. */
    private boolean isQuantizableGemm(OnnxMl.NodeProto node) {
        boolean plain = Protos.floatAttribute(node, "alpha", 1f) == 1f && Protos.intAttribute(node, "transA", 0) == 0
                && (bias(node) == null || Protos.floatAttribute(node, "beta", 1f) == 1f);
        return plain && ctx.uses().isFloatMatrix(node.getInput(1));
    }

    private static String bias(OnnxMl.NodeProto node) {
        return node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? node.getInput(2) : null;
    }

    private List<OnnxMl.NodeProto> matMul(OnnxMl.NodeProto node) throws QuantizationException {
        if (!isQuantizableMatMul(node)) {
            return keep(node);
        }
        matMulCount++;
        quantizedNodes.add(Protos.label(node));
        return matMuls.replace(node, false, null);
    }

    private List<OnnxMl.NodeProto> gemm(OnnxMl.NodeProto node) throws QuantizationException {
        if (!isQuantizableGemm(node)) {
            return keep(node);
        }
        gemmCount++;
        quantizedNodes.add(Protos.label(node));
        return matMuls.replace(node, Protos.intAttribute(node, "transB", 0) != 0, bias(node));
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
}
