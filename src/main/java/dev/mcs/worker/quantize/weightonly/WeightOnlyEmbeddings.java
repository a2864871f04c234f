package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mcs.worker.quantize.core.FloatMatrix;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.RewriteContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores an embedding table as 4-bit blocks along the hidden axis and replaces its Gather by ORT's
 * {@code com.microsoft} GatherBlockQuantized, which dequantizes only the gathered rows. Symmetric tables
 * are signed int4 without zero points (ORT's default zero point for int4 is 0); asymmetric ones are uint4
 * with uint4 zero points. The int4 types need ONNX IR version 10.
 */
final class WeightOnlyEmbeddings {

    static final long INT4_IR_VERSION = 10;

    private record Table(String data, String scales, String zeroPoints) {
    }

    private final RewriteContext ctx;
    private final BlockQuantizer quantizer;
    private final int blockSize;
    private final Map<String, Table> tables = new HashMap<>();

    WeightOnlyEmbeddings(RewriteContext ctx, BlockQuantizer quantizer, int blockSize) {
        this.ctx = ctx;
        this.quantizer = quantizer;
        this.blockSize = blockSize;
    }

    boolean isQuantized(String table) {
        return tables.containsKey(table);
    }

    List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto gather) throws QuantizationException {
        Table t = table(gather.getInput(0));
        List<String> inputs = new ArrayList<>(List.of(t.data(), gather.getInput(1), t.scales()));
        if (t.zeroPoints() != null) {
            inputs.add(t.zeroPoints());
        }
        long axis = Protos.intAttribute(gather, "axis", 0);
        return List.of(Protos.node("GatherBlockQuantized", ctx.fresh(Protos.label(gather) + "_GatherBlockQuantized"),
                        inputs, List.of(gather.getOutput(0))).toBuilder().setDomain(WeightOnlyMatMulRewriter.MS_DOMAIN)
                .addAttribute(WeightOnlyMatMulRewriter.intAttribute("gather_axis", axis))
                .addAttribute(WeightOnlyMatMulRewriter.intAttribute("quantize_axis", 1))
                .addAttribute(WeightOnlyMatMulRewriter.intAttribute("block_size", blockSize))
                .build());
    }

    private Table table(String name) throws QuantizationException {
        Table known = tables.get(name);
        if (known != null) {
            return known;
        }
        FloatMatrix w = ctx.readWeight(name);
        int blocks = (w.cols() + blockSize - 1) / blockSize;
        byte[] data = new byte[BlockPacking.packedBytes(w.rows() * w.cols(), 4)];
        float[] scales = new float[w.rows() * blocks];
        int[] zeros = new int[w.rows() * blocks];
        int[] codes = new int[w.rows() * w.cols()];
        // Rows are independent and write disjoint slots, so the (HQQ-heavy) table is quantized in parallel.
        java.util.stream.IntStream.range(0, w.rows()).parallel().forEach(r -> {
            for (int b = 0; b < blocks; b++) {
                int from = b * blockSize;
                int to = Math.min(w.cols(), from + blockSize);
                float[] values = java.util.Arrays.copyOfRange(w.values(), r * w.cols() + from, r * w.cols() + to);
                BlockQuantizer.Block q = quantizer.quantize(values);
                scales[r * blocks + b] = q.scale();
                zeros[r * blocks + b] = q.zeroPoint();
                for (int i = 0; i < values.length; i++) {
                    // Signed int4 holds code − 8, which in two's complement is the code with its top bit flipped.
                    codes[r * w.cols() + from + i] = quantizer.symmetric() ? q.codes()[i] ^ 8 : q.codes()[i];
                }
            }
        });
        BlockPacking.pack(codes, 4, data, 0);
        Table t = new Table(ctx.fresh(name + "_int4"), ctx.fresh(name + "_scales"),
                quantizer.symmetric() ? null : ctx.fresh(name + "_zero_points"));
        int type = quantizer.symmetric() ? OnnxMl.TensorProto.DataType.INT4_VALUE : OnnxMl.TensorProto.DataType.UINT4_VALUE;
        ctx.add(tensor(t.data(), type, data, w.rows(), w.cols()));
        ctx.add(Protos.floats(t.scales(), scales, w.rows(), blocks));
        if (t.zeroPoints() != null) {
            byte[] packedZeros = new byte[BlockPacking.packedBytes(zeros.length, 4)];
            BlockPacking.pack(zeros, 4, packedZeros, 0);
            ctx.add(tensor(t.zeroPoints(), type, packedZeros, w.rows(), blocks));
        }
        tables.put(name, t);
        return t;
    }

    private static OnnxMl.TensorProto tensor(String name, int type, byte[] data, long rows, long cols) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type).addDims(rows).addDims(cols)
                .setRawData(ByteString.copyFrom(data)).build();
    }
}
