package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.FloatMatrix;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 8-bit weight-only: ORT 1.21's MatMulNBits rejects bits=8 ("Only 4b quantization is supported"), and
 * block-wise DequantizeLinear needs opset 21, so the weight is stored as int8 blocks [K/bs, bs, N] with
 * float scales [K/bs, 1, N] and rebuilt by Cast → Mul → Reshape → float MatMul. These ops exist in every
 * opset, and since all their inputs are constants ORT folds them into a float weight when the session
 * loads: the file shrinks ~4× and the speed stays that of the float model. When K is not a multiple of
 * the block size the whole column is one block (per-channel).
 */
final class WeightOnlyInt8Rewriter implements WeightOnlyRewriter {

    private final RewriteContext ctx;
    private final BlockQuantizer quantizer;
    private final int blockSize;
    private final Map<String, String> weights = new HashMap<>();

    WeightOnlyInt8Rewriter(RewriteContext ctx, BlockQuantizer quantizer, int blockSize) {
        this.ctx = ctx;
        this.quantizer = quantizer;
        this.blockSize = blockSize;
    }

    @Override
    public List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto node, boolean transposed, String bias)
            throws QuantizationException {
        List<OnnxMl.NodeProto> out = new ArrayList<>();
        String weight = dequantized(node.getInput(1), transposed, out);
        String base = Protos.label(node);
        String y = node.getOutput(0);
        String product = bias == null ? y : ctx.fresh(y + "_before_bias");
        out.add(Protos.node("MatMul", ctx.fresh(base + "_MatMul"), List.of(node.getInput(0), weight), List.of(product)));
        if (bias != null) {
            out.add(Protos.node("Add", ctx.fresh(base + "_bias_add"), List.of(product, bias), List.of(y)));
        }
        return out;
    }

    /** The nodes that rebuild the float weight, once per weight however many nodes read it. */
    private String dequantized(String name, boolean transposed, List<OnnxMl.NodeProto> out) throws QuantizationException {
        String key = name + (transposed ? "\u0000T" : "");
        String known = weights.get(key);
        if (known != null) {
            return known;
        }
        FloatMatrix w = ctx.readWeight(name);
        int k = transposed ? w.cols() : w.rows();
        int bs = k % blockSize == 0 ? blockSize : k;
        BlockMatrix m = BlockMatrix.quantize(w, transposed, bs, 8, quantizer);
        String base = name + "_int8";
        String values = ctx.fresh(base + "_quantized");
        String scales = ctx.fresh(base + "_scales");
        String shape = ctx.fresh(base + "_shape");
        ctx.add(Protos.int8(values, blocksFirst(m), m.blocks(), bs, m.n()));
        ctx.add(Protos.floats(scales, columnsLast(m.scales(), m.n(), m.blocks()), m.blocks(), 1, m.n()));
        ctx.add(longs(shape, k, m.n()));
        String cast = ctx.fresh(base + "_cast");
        String scaled = ctx.fresh(base + "_scaled");
        String rebuilt = ctx.fresh(base + "_dequantized");
        out.add(Protos.castToFloat(ctx.fresh(cast + "_node"), values, cast));
        out.add(Protos.node("Mul", ctx.fresh(scaled + "_node"), List.of(cast, scales), List.of(scaled)));
        out.add(Protos.node("Reshape", ctx.fresh(rebuilt + "_node"), List.of(scaled, shape), List.of(rebuilt)));
        weights.put(key, rebuilt);
        return rebuilt;
    }

    /** MatMulNBits order [N][block][i] to [block][i][N]; symmetric codes minus the middle code are int8 values. */
    private static byte[] blocksFirst(BlockMatrix m) {
        byte[] out = new byte[m.n() * m.blocks() * m.blockSize()];
        for (int n = 0; n < m.n(); n++) {
            for (int b = 0; b < m.blocks(); b++) {
                for (int i = 0; i < m.blockSize(); i++) {
                    int code = m.packed()[(n * m.blocks() + b) * m.blockSize() + i] & 0xFF;
                    out[(b * m.blockSize() + i) * m.n() + n] = (byte) (code - 128);
                }
            }
        }
        return out;
    }

    private static float[] columnsLast(float[] scales, int n, int blocks) {
        float[] out = new float[scales.length];
        for (int c = 0; c < n; c++) {
            for (int b = 0; b < blocks; b++) {
                out[b * n + c] = scales[c * blocks + b];
            }
        }
        return out;
    }

    private static OnnxMl.TensorProto longs(String name, long... values) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build();
    }
}
