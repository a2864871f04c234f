package dev.mcs.quantize;

import dev.mcs.job.QuantizeParams;
import dev.mcs.worker.EvaluationSettings;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * One quantization run inside a worker.
 *
 * @param input the float ONNX model
 * @param output where the quantized model is written
 * @param params validated parameters with the method's defaults filled in
 * @param dataset NPZ calibration dataset, or null
 * @param settings sample limits and seed, shared with evaluation
 * @param progress receives 0..1 as the method advances
 */
public record QuantizationRequest(Path input, Path output, QuantizeParams params, Path dataset,
        EvaluationSettings settings, DoubleConsumer progress) {}
