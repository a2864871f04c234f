package dev.mcs.quantize;

import java.io.IOException;

/** {@code dynamic_int8}: see {@link OnnxDynamicQuantizer}. */
final class DynamicInt8Method implements QuantizationMethod {

    @Override
    public String name() {
        return OnnxDynamicQuantizer.DYNAMIC_INT8;
    }

    @Override
    public Record apply(QuantizationRequest request) throws IOException, QuantizationException {
        return new OnnxDynamicQuantizer().quantize(request.input(), request.output(), request.params());
    }
}
