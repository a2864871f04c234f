package dev.mcs.quantize;

/** A model cannot be quantized as asked; the message is shown to users as is. */
public final class QuantizationException extends Exception {

    private static final long serialVersionUID = 1L;

    public QuantizationException(String message) {
        super(message);
    }

    public QuantizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
