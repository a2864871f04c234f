package dev.mcs.worker;

import dev.mcs.job.QuantizeParams;
import dev.mcs.model.ModelFormat;
import dev.mcs.quantize.OnnxDynamicQuantizer;
import dev.mcs.quantize.QuantizationException;
import dev.mcs.quantize.QuantizationSummary;
import java.io.IOException;
import java.nio.file.Path;

/** Maps a technique's parameters to the library that implements it. */
final class Techniques {

    private Techniques() {}

    static QuantizationSummary quantize(ModelFormat format, QuantizeParams params, Path input, Path output)
            throws WorkerFailure {
        if (format != ModelFormat.ONNX) {
            throw new WorkerFailure("format-not-supported", "quantization needs an ONNX model, got " + format, null);
        }
        try {
            return new OnnxDynamicQuantizer().quantize(input, output, params);
        } catch (QuantizationException e) {
            throw new WorkerFailure("quantization-failed", e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkerFailure("quantization-failed", "could not read or write the model: " + e.getMessage(), e);
        }
    }

    static WorkerFailure notImplemented(String type) {
        return new WorkerFailure("not-implemented", type + " jobs are not implemented yet", null);
    }
}
