package dev.mcs.quantize;

import dev.mcs.job.QuantizeParams;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code static_int8}: QDQ int8 with activation ranges calibrated on the job's dataset; see
 * {@link StaticInt8Quantizer}. Null parameters take the API's defaults, so unit tests may pass
 * {@code QuantizeParams.of("static_int8")}.
 */
final class StaticInt8Method implements QuantizationMethod {

    static final String NAME = "static_int8";
    private static final Set<String> CALIBRATIONS = Set.of("minmax", "percentile", "entropy");
    private static final int DEFAULT_MAX_SAMPLES = 256;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Record apply(QuantizationRequest request) throws IOException, QuantizationException {
        if (request.dataset() == null) {
            throw new QuantizationException("static_int8 calibrates activation ranges on a dataset: attach an NPZ"
                    + " dataset whose arrays are named like the model inputs");
        }
        return new StaticInt8Quantizer(options(request.params()), maxSamples(request))
                .quantize(request.input(), request.output(), request.dataset(), request.progress());
    }

    static StaticInt8Quantizer.Options options(QuantizeParams p) throws QuantizationException {
        String calibration = Objects.requireNonNullElse(p.calibration(), "minmax");
        if (!CALIBRATIONS.contains(calibration)) {
            throw new QuantizationException("unknown calibration '" + calibration + "'; use one of " + CALIBRATIONS);
        }
        Double percentile = "percentile".equals(calibration) ? Objects.requireNonNullElse(p.percentile(), 99.999) : null;
        return new StaticInt8Quantizer.Options(calibration, percentile,
                Objects.requireNonNullElse(p.perChannel(), true),
                Objects.requireNonNullElse(p.opTypes(), List.of("Conv", "MatMul", "Gemm")),
                Objects.requireNonNullElse(p.excludeNodes(), List.of()));
    }

    private static int maxSamples(QuantizationRequest request) {
        return request.settings() == null ? DEFAULT_MAX_SAMPLES : request.settings().maxSamples();
    }
}
