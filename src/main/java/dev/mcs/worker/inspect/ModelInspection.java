package dev.mcs.worker.inspect;

import dev.mcs.shared.format.ModelFormat;

/**
 * What inspection learned about one model file.
 *
 * @param format the serialization format inspected
 * @param parameterCount number of stored weight elements (see {@link OnnxModelFile#parameterCount()} for ONNX)
 * @param parameterBytes bytes those elements occupy in the file
 * @param onnx ONNX graph details, {@code null} for TorchScript
 * @param torchScript TorchScript details, {@code null} for ONNX
 * @param smokeTest outcome of one inference on synthetic inputs
 */
public record ModelInspection(
        ModelFormat format,
        long parameterCount,
        long parameterBytes,
        OnnxDetails onnx,
        TorchScriptDetails torchScript,
        SmokeTest smokeTest) {}
