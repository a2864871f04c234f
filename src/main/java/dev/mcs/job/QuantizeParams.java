package dev.mcs.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Parameters of a {@link JobType#QUANTIZE} job. One record for every method: the job API accepts
 * only the fields that belong to the chosen method and fills in that method's defaults, so a
 * worker always receives complete, validated parameters. Fields a method does not use are null.
 *
 * @param method quantization method, e.g. {@code dynamic_int8}
 * @param perChannel int8 weights with one scale per output channel (else one per tensor)
 * @param weightRange {@code full} (±127) or {@code reduced} (±64, as ONNX Runtime's reference does)
 * @param opTypes operator types to quantize, e.g. {@code [MatMul, Gemm]}
 * @param excludeNodes node names kept in float
 * @param quantizeEmbeddings whether tables feeding Gather are quantized too
 * @param alpha SmoothQuant migration strength in [0, 1]
 * @param activations SmoothQuant activation scheme: {@code dynamic} or {@code static}
 * @param calibration static range estimation: {@code minmax}, {@code percentile} or {@code entropy}
 * @param percentile percentile for {@code percentile} calibration, e.g. 99.999
 * @param blockSize weight-only block size (32, 64 or 128)
 * @param symmetric weight-only symmetric (true) or asymmetric (false) blocks
 * @param algorithm weight-only rounding: {@code rtn} or {@code hqq}
 * @param embeddings weight-only embedding tables: {@code int4}, {@code int8} or {@code float}
 * @param target accuracy target of the {@code auto} method
 * @param base int8 method the {@code auto} method starts from
 */
public record QuantizeParams(
        @Schema(description = "Quantization method", requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"dynamic_int8", "smoothquant", "static_int8", "weight_only_int8", "weight_only_int4", "fp16", "auto"}) String method,
        @Schema(description = "dynamic_int8, smoothquant, static_int8: one weight scale per output channel (default true)") Boolean perChannel,
        @Schema(description = "dynamic_int8, smoothquant: full (±127, default) or reduced (±64)", allowableValues = {"full", "reduced"}) String weightRange,
        @Schema(description = "Operator types to quantize: MatMul, Gemm (dynamic_int8, smoothquant); Conv, MatMul, Gemm (static_int8); default all") List<String> opTypes,
        @Schema(description = "Node names kept in float (every method)") List<String> excludeNodes,
        @Schema(description = "dynamic_int8, smoothquant: quantize tables feeding Gather (default true)") Boolean quantizeEmbeddings,
        @Schema(description = "smoothquant: migration strength in [0, 1] (default 0.5)") Double alpha,
        @Schema(description = "smoothquant: dynamic (default) or static (the smoothed model is quantized as static_int8)", allowableValues = {"dynamic", "static"}) String activations,
        @Schema(description = "static_int8: range estimation (default minmax)", allowableValues = {"minmax", "percentile", "entropy"}) String calibration,
        @Schema(description = "static_int8 with calibration percentile: the percentile in [90, 100] (default 99.999)") Double percentile,
        @Schema(description = "weight_only_*: block size (default 32 for int4, 128 for int8)", allowableValues = {"32", "64", "128"}) Integer blockSize,
        @Schema(description = "weight_only_*: symmetric blocks (default true)") Boolean symmetric,
        @Schema(description = "weight_only_*: rtn (default) or hqq (Half-Quadratic Quantization)", allowableValues = {"rtn", "hqq"}) String algorithm,
        @Schema(description = "weight_only_*: embedding tables as int4, int8 (default) or float", allowableValues = {"int4", "int8", "float"}) String embeddings,
        @Schema(description = "auto: the accuracy target (required)") QuantizeTarget target,
        @Schema(description = "auto: the int8 method to start from (default dynamic_int8)", allowableValues = {"dynamic_int8", "smoothquant", "static_int8"}) String base) implements TechniqueParams {

    /** Parameters naming only a method; the worker-side methods treat null fields as their defaults. */
    public static QuantizeParams of(String method) {
        return new QuantizeParams(method, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    @Override
    public JobType type() {
        return JobType.QUANTIZE;
    }
}
