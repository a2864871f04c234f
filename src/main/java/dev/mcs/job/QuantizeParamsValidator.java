package dev.mcs.job;

import dev.mcs.web.ApiException;
import dev.mcs.web.ProblemType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the values of quantization parameters once the method's defaults are filled in. */
final class QuantizeParamsValidator {

    private static final Set<String> INT8_OP_TYPES = Set.of("MatMul", "Gemm", "Conv");

    private QuantizeParamsValidator() {}

    static void validate(QuantizeParams p) {
        oneOf("weightRange", p.weightRange(), List.of("full", "reduced"));
        oneOf("activations", p.activations(), List.of("dynamic", "static"));
        oneOf("calibration", p.calibration(), List.of("minmax", "percentile", "entropy"));
        oneOf("algorithm", p.algorithm(), List.of("rtn", "hqq"));
        oneOf("embeddings", p.embeddings(), List.of("int4", "int8", "float"));
        oneOf("base", p.base(), List.of("dynamic_int8", "smoothquant", "static_int8"));
        if (p.blockSize() != null) {
            oneOf("blockSize", p.blockSize(), List.of(32, 64, 128));
        }
        within("alpha", p.alpha(), 0, 1);
        within("percentile", p.percentile(), 90, 100);
        if (p.opTypes() != null) {
            subsetOf("opTypes", p.opTypes(), p.method().equals("static_int8") ? INT8_OP_TYPES : Set.of("MatMul", "Gemm"));
        }
        if (p.percentile() != null && !"percentile".equals(p.calibration())) {
            throw invalid("percentile", "'params.percentile' only applies to calibration 'percentile'");
        }
        if (p.method().equals("auto")) {
            checkTarget(p.target());
        }
    }

    private static void checkTarget(QuantizeTarget target) {
        if (target == null || (target.minCosine() == null) == (target.maxAccuracyDrop() == null)) {
            throw invalid("target", "'params.target' needs exactly one of 'minCosine' or 'maxAccuracyDrop'");
        }
        within("target.minCosine", target.minCosine(), 0, 1);
        within("target.maxAccuracyDrop", target.maxAccuracyDrop(), 0, 1);
    }

    private static void oneOf(String field, Object value, List<?> valid) {
        if (value != null && !valid.contains(value)) {
            throw invalid(field, "'params." + field + "' must be one of " + valid + ", got '" + value + "'", valid);
        }
    }

    private static void within(String field, Double value, double min, double max) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw invalid(field, "'params." + field + "' must lie in [" + min + ", " + max + "], got " + value);
        }
    }

    private static void subsetOf(String field, Collection<String> values, Set<String> valid) {
        for (String value : values) {
            if (!valid.contains(value)) {
                throw invalid(field, "'params." + field + "' may only contain " + valid + ", got '" + value + "'",
                        List.copyOf(valid));
            }
        }
    }

    private static ApiException invalid(String field, String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail, Map.of("field", "params." + field));
    }

    private static ApiException invalid(String field, String detail, List<?> valid) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail,
                Map.of("field", "params." + field, "validValues", valid));
    }
}
