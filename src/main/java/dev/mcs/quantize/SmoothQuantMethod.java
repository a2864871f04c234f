package dev.mcs.quantize;

import java.io.IOException;

/** {@code smoothquant}: see {@link SmoothQuantizer}. */
final class SmoothQuantMethod implements QuantizationMethod {

    @Override
    public String name() {
        return SmoothQuantizer.SMOOTHQUANT;
    }

    @Override
    public Record apply(QuantizationRequest request) throws IOException, QuantizationException {
        int maxSamples = request.settings() == null ? Integer.MAX_VALUE : request.settings().maxSamples();
        return new SmoothQuantizer(true, SmoothQuantizer.MIN_OUTLIER_RATIO_FOR_MUL).quantize(request.input(), request.output(), request.dataset(),
                request.params(), maxSamples, request.progress());
    }
}
