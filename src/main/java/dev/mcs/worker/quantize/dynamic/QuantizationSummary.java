package dev.mcs.worker.quantize.dynamic;

import java.util.List;

/**
 * What a quantization run changed.
 *
 * @param method              the method applied, e.g. {@code dynamic_int8}
 * @param quantizedMatMuls    MatMul nodes now computed as MatMulInteger
 * @param quantizedGemms      Gemm nodes now computed as MatMulInteger (+ Add for the bias)
 * @param quantizedEmbeddings embedding tables now stored as uint8
 * @param floatMatMulsKept    MatMul and Gemm nodes left in float (activation × activation, unsupported attributes,
 *                            excluded by name, or of an op type not chosen)
 * @param weightBytesBefore   serialized size of all initializers before
 * @param weightBytesAfter    serialized size of all initializers after
 * @param quantizedNodes      names of the replaced nodes (their output name when a node has no name)
 * @param excludedNodes       quantizable nodes kept in float because {@code excludeNodes} named them
 */
public record QuantizationSummary(String method, int quantizedMatMuls, int quantizedGemms, int quantizedEmbeddings,
                                  int floatMatMulsKept, long weightBytesBefore, long weightBytesAfter,
                                  List<String> quantizedNodes, List<String> excludedNodes) {

    public QuantizationSummary {
        quantizedNodes = List.copyOf(quantizedNodes);
        excludedNodes = List.copyOf(excludedNodes);
    }

    /** A summary with no excluded nodes. */
    public QuantizationSummary(String method, int quantizedMatMuls, int quantizedGemms, int quantizedEmbeddings,
                               int floatMatMulsKept, long weightBytesBefore, long weightBytesAfter,
                               List<String> quantizedNodes) {
        this(method, quantizedMatMuls, quantizedGemms, quantizedEmbeddings, floatMatMulsKept, weightBytesBefore,
                weightBytesAfter, quantizedNodes, List.of());
    }
}
