package dev.mcs.quantize;

/** {@code fp16}: not implemented yet (placeholder so the method is known to the worker). */
final class Fp16Method implements QuantizationMethod {

    @Override
    public String name() {
        return "fp16";
    }

    @Override
    public Record apply(QuantizationRequest request) throws QuantizationException {
        throw new QuantizationException("quantization method 'fp16' is not implemented yet");
    }
}
