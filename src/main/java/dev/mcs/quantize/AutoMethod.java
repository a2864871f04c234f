package dev.mcs.quantize;

/** {@code auto}: not implemented yet (placeholder so the method is known to the worker). */
final class AutoMethod implements QuantizationMethod {

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public Record apply(QuantizationRequest request) throws QuantizationException {
        throw new QuantizationException("quantization method 'auto' is not implemented yet");
    }
}
