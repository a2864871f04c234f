package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores an embedding table as uint8 and dequantizes after the Gather, as ONNX Runtime's
 * quantize_dynamic does: only the gathered rows are ever turned back into floats.
 */
public final class EmbeddingRewriter {

    private record Table(String values, String scale, String zeroPoint) {
    }

    private final RewriteContext ctx;
    private final Map<String, Table> tables = new HashMap<>();

    public EmbeddingRewriter(RewriteContext ctx) {
        this.ctx = ctx;
    }

    /** Whether this table was already quantized for an earlier Gather (counted once in the summary). */
    public boolean isQuantized(String table) {
        return tables.containsKey(table);
    }

    public List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto gather) throws QuantizationException {
        Table table = table(gather.getInput(0));
        String y = gather.getOutput(0);
        String gathered = ctx.fresh(y + "_quantized");
        OnnxMl.NodeProto quantizedGather = gather.toBuilder().setInput(0, table.values()).setOutput(0, gathered).build();
        OnnxMl.NodeProto dequantize = Protos.node("DequantizeLinear", ctx.fresh(y + "_DequantizeLinear"),
                List.of(gathered, table.scale(), table.zeroPoint()), List.of(y));
        return List.of(quantizedGather, dequantize);
    }

    private Table table(String name) throws QuantizationException {
        Table known = tables.get(name);
        if (known != null) {
            return known;
        }
        FloatMatrix w = ctx.readWeight(name);
        WeightQuantizer.PerTensor q = WeightQuantizer.perTensorUint8(w.values());
        Table t = new Table(ctx.fresh(name + "_quantized"), ctx.fresh(name + "_scale"), ctx.fresh(name + "_zero_point"));
        ctx.add(Protos.uint8(t.values(), q.values(), w.rows(), w.cols()));
        ctx.add(Protos.floats(t.scale(), new float[] {q.scale()}));
        ctx.add(Protos.uint8(t.zeroPoint(), new byte[] {(byte) q.zeroPoint()}));
        tables.put(name, t);
        return t;
    }
}
