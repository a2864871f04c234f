package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.List;

/** Turns one float MatMul or Gemm into its weight-only quantized form. */
interface WeightOnlyRewriter {

    /**
     * @param transposed the weight is stored [N,K] (Gemm transB=1)
     * @param bias       Gemm's C input, or null
     */
    List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto node, boolean transposed, String bias) throws QuantizationException;
}
