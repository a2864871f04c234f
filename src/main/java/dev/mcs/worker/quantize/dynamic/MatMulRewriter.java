package dev.mcs.worker.quantize.dynamic;

import static dev.mcs.worker.quantize.core.Protos.node;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import dev.mcs.worker.quantize.core.WeightQuantizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a float MatMul or Gemm with ONNX Runtime's dynamic int8 pattern:
 * DynamicQuantizeLinear(A) → MatMulInteger → Cast → Mul(A_scale × W_scale) [→ Add(C)].
 * Keeping exactly this shape lets ORT fuse it into its DynamicQuantizeMatMul kernel.
 */
final class MatMulRewriter {

    /** Names of a quantized tensor and its quantization parameters. */
    private record Quantized(String values, String scale, String zeroPoint) {
    }

    private final RewriteContext ctx;
    private final OnnxDynamicQuantizer.Options options;
    private final Map<String, Quantized> weights = new HashMap<>();
    /** One DynamicQuantizeLinear per activation, shared by e.g. the Q, K and V projections. */
    private final Map<String, Quantized> activations = new HashMap<>();

    MatMulRewriter(RewriteContext ctx, OnnxDynamicQuantizer.Options options) {
        this.ctx = ctx;
        this.options = options;
    }

    /**
     * @param transposed the weight is stored [N,K] (Gemm transB=1)
     * @param bias       Gemm's C input, or null
     */
    List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto node, boolean transposed, String bias) throws QuantizationException {
        List<OnnxMl.NodeProto> out = new ArrayList<>();
        Quantized a = activation(node.getInput(0), out);
        Quantized w = weight(node.getInput(1), transposed);
        String base = Protos.label(node);
        String y = node.getOutput(0);
        String scales = ctx.fresh(base + "_quant_scales_mul:0");
        out.add(node("Mul", ctx.fresh(base + "_quant_scales_mul"), List.of(a.scale(), w.scale()), List.of(scales)));
        String integer = ctx.fresh(y + "_output_quantized");
        out.add(node("MatMulInteger", ctx.fresh(base + "_quant"),
                List.of(a.values(), w.values(), a.zeroPoint(), w.zeroPoint()), List.of(integer)));
        String cast = ctx.fresh(integer + "_cast_output");
        out.add(Protos.castToFloat(ctx.fresh(integer + "_cast"), integer, cast));
        String scaled = bias == null ? y : ctx.fresh(y + "_before_bias");
        out.add(node("Mul", ctx.fresh(base + "_quant_output_scale_mul"), List.of(cast, scales), List.of(scaled)));
        if (bias != null) {
            out.add(node("Add", ctx.fresh(base + "_bias_add"), List.of(scaled, bias), List.of(y)));
        }
        return out;
    }

    private Quantized activation(String input, List<OnnxMl.NodeProto> out) {
        Quantized known = activations.get(input);
        if (known != null) {
            return known;
        }
        Quantized a = new Quantized(ctx.fresh(input + "_quantized"), ctx.fresh(input + "_scale"),
                ctx.fresh(input + "_zero_point"));
        out.add(node("DynamicQuantizeLinear", ctx.fresh(input + "_QuantizeLinear"), List.of(input),
                List.of(a.values(), a.scale(), a.zeroPoint())));
        activations.put(input, a);
        return a;
    }

    private Quantized weight(String name, boolean transposed) throws QuantizationException {
        String key = name + (transposed ? "\u0000T" : "");
        Quantized known = weights.get(key);
        if (known != null) {
            return known;
        }
        WeightQuantizer.PerColumn q = WeightQuantizer.quantize(ctx.readWeight(name), transposed,
                options.weightRange(), options.perChannel());
        String base = transposed ? name + "_transposed" : name;
        Quantized w = new Quantized(ctx.fresh(base + "_quantized"), ctx.fresh(base + "_scale"),
                ctx.fresh(base + "_zero_point"));
        ctx.add(Protos.int8(w.values(), q.values(), q.k(), q.n()));
        // One scale per column is a vector; a per-tensor scale is a scalar, as MatMulInteger expects.
        long[] dims = options.perChannel() ? new long[] {q.n()} : new long[0];
        ctx.add(Protos.floats(w.scale(), q.scales(), dims));
        ctx.add(Protos.int8(w.zeroPoint(), new byte[q.scales().length], dims));
        weights.put(key, w);
        return w;
    }
}
