package dev.mcs.worker.inspect;

import dev.mcs.shared.technique.OpTypes;
import java.util.List;
import java.util.Map;

/**
 * Facts read from an ONNX protobuf without running it.
 *
 * @param irVersion ONNX IR version
 * @param opsetImports opset version per domain ({@code ""} is the default ONNX domain)
 * @param producerName tool that wrote the file
 * @param producerVersion version of that tool
 * @param inputs graph inputs that are not initializers
 * @param outputs graph outputs
 * @param nodeCountByOpType node count per op type in the main graph, ops of other domains as {@code domain:op}
 * @param nodeNamesByOpType labels of the main graph's nodes of the types methods rewrite ({@link OpTypes#NAMED}),
 *     per type, for {@code excludeNodes}; null when the graph has more than {@link #MAX_NAMED_NODES} of them
 * @param initializersByElementType initializer statistics per element type, e.g. {@code float}, {@code int8}
 * @param externalData whether any tensor references external data (such models are refused)
 */
public record OnnxDetails(
        long irVersion,
        Map<String, Long> opsetImports,
        String producerName,
        String producerVersion,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        Map<String, Integer> nodeCountByOpType,
        Map<String, List<String>> nodeNamesByOpType,
        Map<String, InitializerStats> initializersByElementType,
        boolean externalData) {

    /**
     * The most node names an inspection keeps. Measured: bge-small-en-v1.5 (12 layers, 1244 nodes) has 196 such
     * nodes, 8.6 KB of names, all-MiniLM-L6-v2 100 (4.4 KB); 4096 names at their ~44 characters keep the stored
     * inspection, which every model response carries, under about 200 KB. Larger graphs keep none, and their
     * {@code excludeNodes} are checked by the worker only.
     */
    public static final int MAX_NAMED_NODES = 4096;
}
