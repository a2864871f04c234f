package dev.mcs.quantize;

/** {@code weight_only_int4} and {@code weight_only_int8}: not implemented yet. */
final class WeightOnlyMethod implements QuantizationMethod {

    private final int bits;

    WeightOnlyMethod(int bits) {
        this.bits = bits;
    }

    @Override
    public String name() {
        return "weight_only_int" + bits;
    }

    @Override
    public Record apply(QuantizationRequest request) throws QuantizationException {
        throw new QuantizationException("quantization method '" + name() + "' is not implemented yet");
    }
}
