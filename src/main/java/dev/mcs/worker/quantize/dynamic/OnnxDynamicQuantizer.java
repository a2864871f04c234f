package dev.mcs.worker.quantize.dynamic;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.OpsetPolicy;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.core.WeightQuantizer;
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
public final class OnnxDynamicQuantizer {

    public static final String DYNAMIC_INT8 = "dynamic_int8";

    private static final Set<String> OP_TYPES = Set.copyOf(DynamicInt8Params.OP_TYPES);

    /**
     * The dynamic_int8 options, defaults filled in.
     *
     * @param weightRange largest quantized weight magnitude: 127 ({@code full}) or 64 ({@code reduced})
     */
    public record Options(boolean perChannel, int weightRange, Set<String> opTypes, Set<String> excludeNodes,
                   boolean quantizeEmbeddings) {

        public static final Options DEFAULT = new Options(true, WeightQuantizer.FULL_RANGE, OP_TYPES, Set.of(), true);

        public static Options of(DynamicInt8Params p) throws QuantizationException {
            return of(p.perChannel(), p.weightRange(), p.opTypes(), p.excludeNodes(), p.quantizeEmbeddings());
        }

        /** SmoothQuant's int8 options; with static activations the range and embedding fields are absent. */
        public static Options of(SmoothQuantParams p) throws QuantizationException {
            return of(p.perChannel(), p.weightRange(), p.opTypes(), p.excludeNodes(), p.quantizeEmbeddings());
        }

        /** Null fields take their defaults. */
        public static Options of(Boolean perChannel, String weightRange, List<String> opTypes, List<String> excludeNodes,
                Boolean quantizeEmbeddings) throws QuantizationException {
            Set<String> ops = opTypes == null ? OP_TYPES : new LinkedHashSet<>(opTypes);
            if (!OP_TYPES.containsAll(ops)) {
                throw new QuantizationException("opTypes " + opTypes + " is not a subset of " + DynamicInt8Params.OP_TYPES);
            }
            if (ops.isEmpty()) {
                throw new QuantizationException("opTypes is empty: nothing would be quantized");
            }
            return new Options(perChannel == null || perChannel, range(weightRange), Set.copyOf(ops),
                    excludeNodes == null ? Set.of() : Set.copyOf(excludeNodes), quantizeEmbeddings == null || quantizeEmbeddings);
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

    public QuantizationSummary quantize(Path input, Path output, Options options)
            throws IOException, QuantizationException {
        OnnxMl.ModelProto model = FloatModel.read(input, DYNAMIC_INT8, FloatModel.DYNAMIC);
        Quantized q = quantize(model, options, DYNAMIC_INT8);
        OnnxModelFiles.write(q.model(), output);
        return q.summary(DYNAMIC_INT8);
    }

    /** The quantized model and what changed; shared with methods that first transform the float model. */
    public record Quantized(OnnxMl.ModelProto model, GraphQuantizer.Result result, long bytesBefore) {

        public QuantizationSummary summary(String method) {
            return new QuantizationSummary(method, result.matMuls(), result.gemms(), result.embeddings(),
                    result.floatKept(), bytesBefore, OnnxModelFiles.initializerBytes(result.graph()), result.quantizedNodes(),
                    result.excludedNodes());
        }
    }

    public static Quantized quantize(OnnxMl.ModelProto model, Options options) throws QuantizationException {
        return quantize(model, options, DYNAMIC_INT8);
    }

    /** {@code method}: the method the user requested, named in refusals. */
    public static Quantized quantize(OnnxMl.ModelProto model, Options options, String method) throws QuantizationException {
        long opset = OpsetPolicy.target(model, method);
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
