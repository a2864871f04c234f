package dev.mcs.shared.technique.quantize;

import static dev.mcs.shared.technique.quantize.Int8Checks.or;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of {@code weight_only_int4} and {@code weight_only_int8}: MatMul/Gemm weights in blocks
 * along K, activations float. Two combinations cannot be honoured and are refused: 8-bit codes are
 * stored signed without zero points (so never asymmetric), and HQQ optimizes the zero point (so never
 * symmetric at 4 bits).
 *
 * @param method {@code weight_only_int4} or {@code weight_only_int8}
 * @param blockSize weights per block: 32, 64 or 128
 * @param symmetric symmetric blocks (no zero points)
 * @param algorithm rounding: {@code rtn} or {@code hqq}
 * @param embeddings embedding tables as {@code int4}, {@code int8} or {@code float}
 * @param excludeNodes node names kept in float
 */
@Schema(name = "WeightOnlyParams", description = "weight_only_int4 / weight_only_int8: block-wise weights, float activations")
public record WeightOnlyParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"weight_only_int4", "weight_only_int8"}) String method,
        @Schema(description = "Block size: 32, 64 or 128 (default 32 for int4, 128 for int8)") Integer blockSize,
        @Schema(description = "Symmetric blocks (default true, false with hqq); int8 is always symmetric") Boolean symmetric,
        @Schema(description = "rtn or hqq (Half-Quadratic Quantization); default hqq for int4, rtn for int8", allowableValues = {"rtn", "hqq"}) String algorithm,
        @Schema(description = "Embedding tables as int4, int8 or float; default int4 for weight_only_int4, int8 for weight_only_int8", allowableValues = {"int4", "int8", "float"}) String embeddings,
        @Schema(description = "Node names kept in float (default none)") List<String> excludeNodes) implements MethodParams {

    public static final String INT4 = "weight_only_int4";
    public static final String INT8 = "weight_only_int8";
    static final List<Integer> BLOCK_SIZES = List.of(32, 64, 128);
    /** The nodes it can quantize, and so keep in float by name: weights of MatMul and Gemm, tables of Gather. */
    public static final List<String> CANDIDATE_OP_TYPES = List.of(OpTypes.MATMUL, OpTypes.GEMM, OpTypes.GATHER);

    /** Bits of the weight codes, from the method's name. */
    public int bits() {
        return INT4.equals(method) ? 4 : 8;
    }

    @Override
    public WeightOnlyParams withDefaults() {
        // int4's defaults are the setting that meets its documented target on MiniLM (<= 0.15 x fp32 at pooled
        // cosine >= 0.97): RTN or int8 embeddings miss it (docs/benchmarks.md, quantization suite).
        String rounding = or(algorithm, bits() == 4 ? "hqq" : "rtn");
        return new WeightOnlyParams(method, or(blockSize, bits() == 4 ? 32 : 128),
                or(symmetric, bits() == 8 || !"hqq".equals(rounding)), rounding, or(embeddings, bits() == 4 ? "int4" : "int8"),
                or(excludeNodes, List.of()));
    }

    @Override
    public void fit(ModelFacts model) {
        List<String> rewritten = "float".equals(embeddings) ? List.of(OpTypes.MATMUL, OpTypes.GEMM) : CANDIDATE_OP_TYPES;
        ModelChecks.rewritesSome(model, method, rewritten, "params.method");
        ModelChecks.namesNodes(model, excludeNodes, CANDIDATE_OP_TYPES);
    }

    @Override
    public void validate(DatasetFacts dataset) {
        ParamChecks.oneOf("blockSize", blockSize, BLOCK_SIZES);
        ParamChecks.oneOf("algorithm", algorithm, List.of("rtn", "hqq"));
        ParamChecks.oneOf("embeddings", embeddings, List.of("int4", "int8", "float"));
        if (bits() == 8 && Boolean.FALSE.equals(symmetric)) {
            throw ParamChecks.invalid("symmetric", "'params.symmetric' false is not supported by weight_only_int8:"
                    + " its 8-bit codes are stored signed without zero points", List.of(true));
        }
        if (bits() == 4 && "hqq".equals(algorithm) && Boolean.TRUE.equals(symmetric)) {
            throw ParamChecks.invalid("symmetric", "'params.symmetric' true does not go with algorithm 'hqq': HQQ"
                    + " optimizes each block's zero point; use algorithm 'rtn' for symmetric blocks", List.of(false));
        }
    }
}
