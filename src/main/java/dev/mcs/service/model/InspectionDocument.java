package dev.mcs.service.model;

import dev.mcs.shared.format.ModelFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The shape of a model's {@code inspection} as the inspection worker writes it, for the OpenAPI document only: the
 * response carries the stored JSON itself, and a test checks real inspections against this.
 */
@Schema(name = "ModelInspection", description = "What the inspection worker found in the model")
record InspectionDocument(
        ModelFormat format,
        @Schema(minimum = "0") long parameterCount,
        @Schema(description = "bytes", minimum = "0") long parameterBytes,
        @Nullable @Schema(description = "ONNX models only") Onnx onnx,
        @Nullable @Schema(description = "TorchScript models only") TorchScript torchScript,
        SmokeTest smokeTest) {

    @Schema(name = "OnnxDetails")
    record Onnx(long irVersion, @Schema(description = "domain -> opset (\"\" is the default domain)")
            Map<String, Long> opsetImports, String producerName, String producerVersion, List<TensorSpec> inputs,
            List<TensorSpec> outputs, @Schema(description = "op type -> node count") Map<String, Integer> nodeCountByOpType,
            @Schema(description = "op type -> names of its nodes, for the types methods rewrite (Conv, Gather, Gemm,"
                    + " MatMul): the values `excludeNodes` accepts (an unnamed node goes by its first output). Null in"
                    + " graphs with more than 4096 such nodes and in inspections made before it was recorded; their"
                    + " `excludeNodes` are then checked by the worker only") @Nullable Map<String, List<String>> nodeNamesByOpType,
            Map<String, InitializerStats> initializersByElementType, boolean externalData) {}

    @Schema(name = "TensorSpec")
    record TensorSpec(String name, String elementType,
            @Schema(description = "Dimensions, symbolic ones by name (e.g. batch)") List<String> shape) {}

    @Schema(name = "InitializerStats")
    record InitializerStats(int count, @Schema(description = "bytes") long bytes, long elements) {}

    @Schema(name = "TorchScriptDetails")
    record TorchScript(List<ParameterInfo> parameters) {}

    @Schema(name = "ParameterInfo")
    record ParameterInfo(String name, List<Long> shape, String dtype) {}

    @Schema(name = "SmokeTest", description = "One inference on synthetic inputs")
    record SmokeTest(boolean succeeded, @Nullable @Schema(description = "ms") Double latencyMs, @Nullable String detail,
            @Nullable @Schema(description = "TorchScript models: the shape of the guessed input the smoke test ran on")
            List<Long> inputShape,
            @Nullable @Schema(description = "TorchScript models: the shape of the first output on that input")
            List<Long> outputShape) {}
}
