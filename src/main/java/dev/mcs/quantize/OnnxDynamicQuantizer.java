package dev.mcs.quantize;

import ai.onnx.proto.OnnxMl;
import dev.mcs.job.QuantizeParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Quantizes an ONNX model the way ONNX Runtime's {@code quantize_dynamic} does for transformer
 * models: int8 per-output-channel MatMul/Gemm weights with uint8 activations quantized at run
 * time, and uint8 embedding tables. Runs in worker processes. Options: per-channel or per-tensor weight
 * scales, full or reduced weight range, which op types, nodes kept float, and whether embeddings are quantized.
 */
final class OnnxDynamicQuantizer {

    static final String DYNAMIC_INT8 = "dynamic_int8";

    private static final Set<String> OP_TYPES = Set.of("MatMul", "Gemm");

    /**
     * The dynamic_int8 options, defaults filled in.
     *
     * @param weightRange largest quantized weight magnitude: 127 ({@code full}) or 64 ({@code reduced})
     */
    record Options(boolean perChannel, int weightRange, Set<String> opTypes, Set<String> excludeNodes,
                   boolean quantizeEmbeddings) {

        static final Options DEFAULT = new Options(true, WeightQuantizer.FULL_RANGE, OP_TYPES, Set.of(), true);

        /** Reads the int8 fields of any method's parameters; null fields take their defaults. */
        static Options of(QuantizeParams p) throws QuantizationException {
            if (p == null) {
                return DEFAULT;
            }
            Set<String> ops = p.opTypes() == null ? OP_TYPES : new LinkedHashSet<>(p.opTypes());
            if (!OP_TYPES.containsAll(ops)) {
                throw new QuantizationException("opTypes " + p.opTypes() + " is not a subset of " + List.of("MatMul", "Gemm"));
            }
            return new Options(p.perChannel() == null || p.perChannel(), range(p.weightRange()), Set.copyOf(ops),
                    p.excludeNodes() == null ? Set.of() : Set.copyOf(p.excludeNodes()),
                    p.quantizeEmbeddings() == null || p.quantizeEmbeddings());
        }

        private static int range(String weightRange) throws QuantizationException {
            if (weightRange == null || weightRange.equals("full")) {
                return WeightQuantizer.FULL_RANGE;
            }
            if (weightRange.equals("reduced")) {
                return WeightQuantizer.REDUCED_RANGE;
            }
            throw new QuantizationException("weightRange must be 'full' or 'reduced', not '" + weightRange + "'");
        }
    }

    public QuantizationSummary quantize(Path input, Path output, QuantizeParams params)
            throws IOException, QuantizationException {
        String method = params == null ? null : params.method();
        if (!DYNAMIC_INT8.equals(method)) {
            throw new QuantizationException("unsupported quantization method '" + method + "'; supported: " + DYNAMIC_INT8);
        }
        OnnxMl.ModelProto model = OnnxModelFiles.read(input);
        Quantized q = quantize(model, Options.of(params));
        OnnxModelFiles.write(q.model(), output);
        return q.summary(DYNAMIC_INT8);
    }

    /** The quantized model and what changed; shared with methods that first transform the float model. */
    record Quantized(OnnxMl.ModelProto model, GraphQuantizer.Result result, long bytesBefore) {

        QuantizationSummary summary(String method) {
            return new QuantizationSummary(method, result.matMuls(), result.gemms(), result.embeddings(),
                    result.floatKept(), bytesBefore, OnnxModelFiles.initializerBytes(result.graph()), result.quantizedNodes(),
                    result.excludedNodes());
        }
    }

    static Quantized quantize(OnnxMl.ModelProto model, Options options) throws QuantizationException {
        long opset = OpsetPolicy.target(model);
        GraphQuantizer.Result result = new GraphQuantizer(model.getGraph(), options).rewrite();
        if (result.quantizedNodes().isEmpty()) {
            throw new QuantizationException("nothing to quantize: the model has no MatMul or Gemm with a constant"
                    + " 2-D float weight and no Gather on a float embedding table"
                    + (options.equals(Options.DEFAULT) ? "" : " left to quantize with these options"));
        }
        OnnxMl.ModelProto quantized = OpsetPolicy.withDefaultOpset(model, opset).toBuilder()
                .setGraph(result.graph()).build();
        return new Quantized(quantized, result, OnnxModelFiles.initializerBytes(model.getGraph()));
    }

}
