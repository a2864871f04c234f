package dev.mcs.worker.quantize.normalize;

/** The model could not be normalized; the message names what (operator, node, opset) stood in the way. */
public final class NormalizationException extends Exception {

    private static final long serialVersionUID = 1L;

    public NormalizationException(String message) {
        super(message);
    }
}
