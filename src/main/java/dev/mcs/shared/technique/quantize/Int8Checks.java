package dev.mcs.shared.technique.quantize;

import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import java.util.ArrayList;
import java.util.List;

/** Checks of the int8 options that dynamic_int8 and smoothquant share. */
final class Int8Checks {

    static final List<String> WEIGHT_RANGES = List.of("full", "reduced");
    static final List<String> MATMUL_OP_TYPES = List.of(OpTypes.MATMUL, OpTypes.GEMM);
    /** The nodes dynamic_int8 can quantize, whatever {@code opTypes} says, and so keep in float by name. */
    static final List<String> DYNAMIC_CANDIDATES = List.of(OpTypes.MATMUL, OpTypes.GEMM, OpTypes.GATHER);

    private Int8Checks() {}

    static void check(String weightRange, List<String> opTypes) {
        ParamChecks.oneOf("weightRange", weightRange, WEIGHT_RANGES);
        ParamChecks.subsetOf("opTypes", opTypes, MATMUL_OP_TYPES, true);
    }

    /** The types dynamic int8 quantizes: {@code opTypes}, and embedding lookups unless they are kept in float. */
    static List<String> rewritten(List<String> opTypes, Boolean quantizeEmbeddings) {
        List<String> types = new ArrayList<>(opTypes);
        if (!Boolean.FALSE.equals(quantizeEmbeddings)) {
            types.add(OpTypes.GATHER);
        }
        return types;
    }

    /** The field a refusal names: {@code opTypes} when the request narrowed them, else the method itself. */
    static String choosingField(List<String> opTypes, List<String> defaults) {
        return opTypes == null || opTypes.equals(defaults) ? "params.method" : "params.opTypes";
    }

    static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
