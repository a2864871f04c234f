package dev.mcs.quantize;

import java.io.IOException;

/** One quantization method; {@link Quantizer} picks it by {@link #name()}. */
interface QuantizationMethod {

    /** The {@code params.method} value this implementation answers to. */
    String name();

    /**
     * Writes the quantized model to {@code request.output()}.
     *
     * @return a JSON-serializable summary of what the method changed (reported with the job)
     */
    Record apply(QuantizationRequest request) throws IOException, QuantizationException;
}
