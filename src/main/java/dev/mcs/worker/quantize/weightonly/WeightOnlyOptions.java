package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The weight-only parameters of a job with the API's defaults applied to anything left null. */
record WeightOnlyOptions(int bits, int blockSize, boolean symmetric, String algorithm, String embeddings,
                         Set<String> excludeNodes, HqqOptimizer.Settings hqq) {

    static final Set<Integer> BLOCK_SIZES = Set.of(32, 64, 128);
    /** Why 128: {@link #embeddingBlockSize()} and docs/quantization.md, "Tuned constants". */
    static final int EMBEDDING_BLOCK_SIZE = 128;

    static WeightOnlyOptions of(int bits, WeightOnlyParams given) throws QuantizationException {
        WeightOnlyParams p = given.withDefaults();
        int blockSize = p.blockSize() != null ? p.blockSize() : bits == 4 ? 32 : 128;
        if (!BLOCK_SIZES.contains(blockSize)) {
            throw new QuantizationException("blockSize must be one of " + BLOCK_SIZES + ", got " + blockSize);
        }
        String algorithm = lower(p.algorithm(), "rtn");
        String embeddings = lower(p.embeddings(), "int8");
        if (!List.of("rtn", "hqq").contains(algorithm)) {
            throw new QuantizationException("algorithm must be rtn or hqq, got '" + algorithm + "'");
        }
        if (!List.of("int8", "int4", "float").contains(embeddings)) {
            throw new QuantizationException("embeddings must be int8, int4 or float, got '" + embeddings + "'");
        }
        Set<String> exclude = p.excludeNodes() == null ? Set.of() : Set.copyOf(p.excludeNodes());
        // HQQ's whole point is optimizing the zero point, so it always stores zero points (the API refuses
        // symmetric with hqq at 4 bits; 8-bit codes are symmetric anyway, see symmetricFor).
        boolean symmetric = !algorithm.equals("hqq") && p.symmetric();
        return new WeightOnlyOptions(bits, blockSize, symmetric, algorithm, embeddings,
                exclude, algorithm.equals("hqq") ? HqqOptimizer.Settings.DEFAULT : null);
    }

    private static String lower(String value, String fallback) {
        return value == null ? fallback : value.toLowerCase(Locale.ROOT);
    }

    BlockQuantizer quantizer(int codeBits) {
        return new BlockQuantizer(codeBits, symmetricFor(codeBits), hqq == null ? null : new HqqOptimizer(hqq));
    }

    /**
     * int4 embedding tables always use 128-wide blocks (GatherBlockQuantized's default): the table is the
     * largest tensor of a small transformer and a float scale per 32 values would add a bit per weight;
     * measured on MiniLM, 128 keeps the file under 15% of fp32 while 32 does not.
     */
    int embeddingBlockSize() {
        return EMBEDDING_BLOCK_SIZE;
    }

    /** 8-bit codes are always symmetric: the int8 path stores signed values without zero points. */
    boolean symmetricFor(int codeBits) {
        return codeBits == 8 || symmetric;
    }

    boolean excludes(OnnxMl.NodeProto node) {
        return excludeNodes.contains(node.getName()) || excludeNodes.contains(Protos.label(node));
    }
}
