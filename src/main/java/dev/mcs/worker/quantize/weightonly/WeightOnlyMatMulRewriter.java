package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a float MatMul or Gemm by ONNX Runtime's {@code com.microsoft} MatMulNBits (weights block-wise
 * quantized along K, dequantized inside the kernel) [+ Add for a Gemm bias]. Activations stay float.
 */
final class WeightOnlyMatMulRewriter implements WeightOnlyRewriter {

    static final String MS_DOMAIN = "com.microsoft";

    private record Packed(String b, String scales, String zeroPoints, int k, int n) {
    }

    private final RewriteContext ctx;
    private final BlockQuantizer quantizer;
    private final int bits;
    private final int blockSize;
    private final Map<String, Packed> weights = new HashMap<>();

    WeightOnlyMatMulRewriter(RewriteContext ctx, BlockQuantizer quantizer, int bits, int blockSize) {
        this.ctx = ctx;
        this.quantizer = quantizer;
        this.bits = bits;
        this.blockSize = blockSize;
    }

    /**
     * @param transposed the weight is stored [N,K] (Gemm transB=1)
     * @param bias       Gemm's C input, or null
     */
    @Override
    public List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto node, boolean transposed, String bias) throws QuantizationException {
        Packed w = weight(node.getInput(1), transposed);
        String base = Protos.label(node);
        String y = node.getOutput(0);
        String product = bias == null ? y : ctx.fresh(y + "_before_bias");
        List<String> inputs = new ArrayList<>(List.of(node.getInput(0), w.b(), w.scales()));
        if (w.zeroPoints() != null) {
            inputs.add(w.zeroPoints());
        }
        OnnxMl.NodeProto nbits = Protos.node("MatMulNBits", ctx.fresh(base + "_MatMulNBits"), inputs, List.of(product))
                .toBuilder().setDomain(MS_DOMAIN)
                .addAttribute(intAttribute("K", w.k())).addAttribute(intAttribute("N", w.n()))
                .addAttribute(intAttribute("bits", bits)).addAttribute(intAttribute("block_size", blockSize))
                .build();
        if (bias == null) {
            return List.of(nbits);
        }
        return List.of(nbits, Protos.node("Add", ctx.fresh(base + "_bias_add"), List.of(product, bias), List.of(y)));
    }

    private Packed weight(String name, boolean transposed) throws QuantizationException {
        String key = name + (transposed ? "\u0000T" : "");
        Packed known = weights.get(key);
        if (known != null) {
            return known;
        }
        BlockMatrix m = BlockMatrix.quantize(ctx.readWeight(name), transposed, blockSize, bits, quantizer);
        String base = name + "_" + bits + "bit";
        Packed p = new Packed(ctx.fresh(base + "_quantized"), ctx.fresh(base + "_scales"),
                m.zeroPoints() == null ? null : ctx.fresh(base + "_zero_points"), m.k(), m.n());
        ctx.add(Protos.uint8(p.b(), m.packed(), m.n(), m.blocks(), m.blobSize()));
        ctx.add(Protos.floats(p.scales(), m.scales(), (long) m.n() * m.blocks()));
        if (p.zeroPoints() != null) {
            ctx.add(Protos.uint8(p.zeroPoints(), m.zeroPoints(), (long) m.n() * m.zeroPointBytesPerColumn()));
        }
        weights.put(key, p);
        return p;
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }
}
