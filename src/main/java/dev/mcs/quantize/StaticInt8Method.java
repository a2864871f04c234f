package dev.mcs.quantize;

/** {@code static_int8}: not implemented yet (placeholder so the method is known to the worker). */
final class StaticInt8Method implements QuantizationMethod {

    @Override
    public String name() {
        return "static_int8";
    }

    @Override
    public Record apply(QuantizationRequest request) throws QuantizationException {
        throw new QuantizationException("quantization method 'static_int8' is not implemented yet");
    }
}
