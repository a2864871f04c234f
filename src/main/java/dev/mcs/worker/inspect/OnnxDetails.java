package dev.mcs.worker.inspect;

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
        Map<String, InitializerStats> initializersByElementType,
        boolean externalData) {}
