package dev.mcs.job;

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
        String method,
        Boolean perChannel,
        String weightRange,
        List<String> opTypes,
        List<String> excludeNodes,
        Boolean quantizeEmbeddings,
        Double alpha,
        String activations,
        String calibration,
        Double percentile,
        Integer blockSize,
        Boolean symmetric,
        String algorithm,
        String embeddings,
        QuantizeTarget target,
        String base) implements TechniqueParams {

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
