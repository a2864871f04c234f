package dev.mcs.worker.quantize.core;

import dev.mcs.worker.technique.TechniqueException;

/** A model cannot be quantized as asked; the message is shown to users as is. */
public final class QuantizationException extends TechniqueException {

    private static final long serialVersionUID = 1L;
    private static final String TYPE = "quantization-failed";

    public QuantizationException(String message) {
        super(TYPE, message);
    }

    public QuantizationException(String message, Throwable cause) {
        super(TYPE, message, cause);
    }
}
