package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.core.EmbeddingRewriter;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the weight-only scheme to the top-level graph: MatMul/Gemm with a constant weight become
 * MatMulNBits (4 bits) or int8 blocks rebuilt before a float MatMul (8 bits), embedding tables become int8 (as dynamic_int8 stores them) or int4 GatherBlockQuantized,
 * or stay float. Replacements go where the original node was, so the node list stays sorted.
 */
final class WeightOnlyGraph {

    record Result(OnnxMl.GraphProto graph, int matMuls, int gemms, int embeddings, int floatKept, int excluded,
                  List<String> quantizedNodes) {
    }

    private final OnnxMl.GraphProto graph;
    private final WeightOnlyOptions options;
    private final RewriteContext ctx;
    private final WeightOnlyRewriter matMuls;
    private final EmbeddingRewriter int8Embeddings;
    private final WeightOnlyEmbeddings int4Embeddings;
    private final List<String> quantizedNodes = new ArrayList<>();
    private int matMulCount;
    private int gemmCount;
    private int embeddingCount;
    private int floatKept;
    private int excluded;

    WeightOnlyGraph(OnnxMl.GraphProto graph, WeightOnlyOptions options) {
        this.graph = graph;
        this.options = options;
        this.ctx = new RewriteContext(graph, new GraphUses(graph));
        this.matMuls = options.bits() == 4
                ? new WeightOnlyMatMulRewriter(ctx, options.quantizer(4), 4, options.blockSize())
                : new WeightOnlyInt8Rewriter(ctx, options.quantizer(8), options.blockSize());
        this.int8Embeddings = new EmbeddingRewriter(ctx);
        this.int4Embeddings = new WeightOnlyEmbeddings(ctx, options.quantizer(4), options.embeddingBlockSize());
    }

    Result rewrite() throws QuantizationException {
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            nodes.addAll(rewrite(node));
        }
        return new Result(ctx.assemble(graph, nodes), matMulCount, gemmCount, embeddingCount, floatKept, excluded, quantizedNodes);
    }

    private List<OnnxMl.NodeProto> rewrite(OnnxMl.NodeProto node) throws QuantizationException {
        if (!Protos.isDefaultDomain(node.getDomain()) || !WeightOnlyParams.CANDIDATE_OP_TYPES.contains(node.getOpType())) {
            return List.of(node);
        }
        if (options.excludes(node)) {
            excluded++;
            return List.of(node);
        }
        return switch (node.getOpType()) {
            case OpTypes.MATMUL -> matMul(node);
            case OpTypes.GEMM -> gemm(node);
            default -> gather(node);
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
        // MatMulNBits has no alpha, beta or transA; such Gemms stay float.
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
        boolean rows = Protos.intAttribute(node, "axis", 0) == 0;
        if (options.embeddings().equals("float") || !rows || !ctx.uses().isEmbeddingTable(table)) {
            return List.of(node);
        }
        boolean int4 = options.embeddings().equals("int4");
        if (!(int4 ? int4Embeddings.isQuantized(table) : int8Embeddings.isQuantized(table))) {
            embeddingCount++;
        }
        quantizedNodes.add(Protos.label(node));
        return int4 ? int4Embeddings.replace(node) : int8Embeddings.replace(node);
    }
}
