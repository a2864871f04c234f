package dev.mcs.worker;

import dev.mcs.model.ModelFormat;
import dev.mcs.quantize.QuantizationRequest;
import dev.mcs.quantize.Quantizer;
import dev.mcs.quantize.QuantizationException;
import java.io.IOException;

/** Maps a technique's parameters to the library that implements it. */
final class Techniques {

    private Techniques() {}

    static Record quantize(ModelFormat format, QuantizationRequest request) throws WorkerFailure {
        if (format != ModelFormat.ONNX) {
            throw new WorkerFailure("format-not-supported", "quantization needs an ONNX model, got " + format, null);
        }
        try {
            return new Quantizer().quantize(request);
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
