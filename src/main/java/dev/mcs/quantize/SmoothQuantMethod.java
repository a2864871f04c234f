package dev.mcs.quantize;

/** {@code smoothquant}: not implemented yet (placeholder so the method is known to the worker). */
final class SmoothQuantMethod implements QuantizationMethod {

    @Override
    public String name() {
        return "smoothquant";
    }

    @Override
    public Record apply(QuantizationRequest request) throws QuantizationException {
        throw new QuantizationException("quantization method 'smoothquant' is not implemented yet");
    }
}
