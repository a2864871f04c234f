package dev.mcs.worker.quantize.weightonly;

import java.util.List;

/**
 * What a weight-only run changed.
 *
 * @param method            weight_only_int4 or weight_only_int8
 * @param bits              bits per weight code
 * @param blockSize         weights per scale along K (and along the hidden axis of int4 embeddings)
 * @param symmetric         true: no zero points stored (ORT's default middle code); false: packed zero points
 * @param algorithm         rtn, or hqq (half-quadratic quantization, no calibration data)
 * @param hqqP              the l_p norm of HQQ's shrinkage (null for rtn)
 * @param hqqBeta           HQQ's initial β
 * @param hqqKappa          HQQ's β growth per iteration
 * @param hqqIterations     HQQ's maximum iterations per block (it stops early at the first round that does not improve)
 * @param embeddings        how embedding tables are stored: int8, int4 or float
 * @param quantizedMatMuls  MatMul nodes now MatMulNBits
 * @param quantizedGemms    Gemm nodes now MatMulNBits (+ Add for the bias)
 * @param quantizedEmbeddings embedding tables quantized
 * @param floatMatMulsKept  MatMul/Gemm left in float (no constant 2-D weight, or Gemm attributes MatMulNBits lacks)
 * @param excludedNodes     nodes left in float because excludeNodes named them
 * @param weightBytesBefore serialized size of all initializers before
 * @param weightBytesAfter  serialized size of all initializers after
 * @param quantizeMs        wall time of the rewrite
 * @param quantizedNodes    names of the replaced nodes
 */
public record WeightOnlySummary(String method, int bits, int blockSize, boolean symmetric, String algorithm,
                                Double hqqP, Double hqqBeta, Double hqqKappa, Integer hqqIterations,
                                String embeddings, int quantizedMatMuls, int quantizedGemms, int quantizedEmbeddings,
                                int floatMatMulsKept, int excludedNodes, long weightBytesBefore, long weightBytesAfter,
                                long quantizeMs, List<String> quantizedNodes) {

    public WeightOnlySummary {
        quantizedNodes = List.copyOf(quantizedNodes);
    }
}
