package dev.mcs.shared.technique.quantize;

import dev.mcs.shared.technique.ParamChecks;
import java.util.List;

/** Checks of the int8 options that dynamic_int8 and smoothquant share. */
final class Int8Checks {

    static final List<String> WEIGHT_RANGES = List.of("full", "reduced");
    static final List<String> MATMUL_OP_TYPES = List.of("MatMul", "Gemm");

    private Int8Checks() {}

    static void check(String weightRange, List<String> opTypes) {
        ParamChecks.oneOf("weightRange", weightRange, WEIGHT_RANGES);
        ParamChecks.subsetOf("opTypes", opTypes, MATMUL_OP_TYPES, true);
    }

    static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
