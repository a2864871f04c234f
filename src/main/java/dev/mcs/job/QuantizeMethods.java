package dev.mcs.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every quantization method the API knows: its parameters, and whether it needs a dataset. */
final class QuantizeMethods {

    /**
     * One method.
     *
     * @param name method name
     * @param fields the {@code params} fields it accepts besides {@code method}
     * @param needsDataset whether a calibration dataset is required
     * @param implemented whether workers can run it yet
     */
    record Spec(String name, Set<String> fields, boolean needsDataset, boolean implemented) {}

    private static final Set<String> INT8_FIELDS =
            Set.of("perChannel", "weightRange", "opTypes", "excludeNodes", "quantizeEmbeddings");

    static final Map<String, Spec> ALL = index(
            new Spec("dynamic_int8", INT8_FIELDS, false, true),
            new Spec("smoothquant", union(INT8_FIELDS, Set.of("alpha", "activations")), true, true),
            new Spec("static_int8", Set.of("calibration", "percentile", "perChannel", "opTypes", "excludeNodes"), true, true),
            new Spec("weight_only_int8", Set.of("blockSize", "symmetric", "algorithm", "embeddings", "excludeNodes"), false, true),
            new Spec("weight_only_int4", Set.of("blockSize", "symmetric", "algorithm", "embeddings", "excludeNodes"), false, true),
            new Spec("fp16", Set.of("excludeNodes"), false, true),
            new Spec("auto", Set.of("target", "base", "excludeNodes"), false, true));

    private QuantizeMethods() {}

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    static List<String> implemented() {
        return ALL.values().stream().filter(Spec::implemented).map(Spec::name).toList();
    }

    /** Fills the method's defaults into every field the request left out. */
    static QuantizeParams withDefaults(QuantizeParams p) {
        boolean int4 = p.method().equals("weight_only_int4");
        boolean weightOnly = p.method().startsWith("weight_only");
        boolean staticInt8 = p.method().equals("static_int8");
        Set<String> fields = ALL.get(p.method()).fields();
        return new QuantizeParams(p.method(),
                pick(fields, "perChannel", p.perChannel(), true),
                pick(fields, "weightRange", p.weightRange(), "full"),
                pick(fields, "opTypes", p.opTypes(), staticInt8 ? List.of("Conv", "MatMul", "Gemm") : List.of("MatMul", "Gemm")),
                pick(fields, "excludeNodes", p.excludeNodes(), List.of()),
                pick(fields, "quantizeEmbeddings", p.quantizeEmbeddings(), true),
                pick(fields, "alpha", p.alpha(), 0.5),
                pick(fields, "activations", p.activations(), "dynamic"),
                pick(fields, "calibration", p.calibration(), "minmax"),
                staticInt8 && "percentile".equals(p.calibration()) ? pick(fields, "percentile", p.percentile(), 99.999) : p.percentile(),
                pick(fields, "blockSize", p.blockSize(), int4 ? 32 : 128),
                pick(fields, "symmetric", p.symmetric(), true),
                pick(fields, "algorithm", p.algorithm(), "rtn"),
                pick(fields, "embeddings", p.embeddings(), weightOnly ? "int8" : null),
                p.target(),
                pick(fields, "base", p.base(), "dynamic_int8"));
    }

    private static <T> T pick(Set<String> fields, String field, T given, T fallback) {
        if (!fields.contains(field)) {
            return null;
        }
        return given != null ? given : fallback;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Map<String, Spec> index(Spec... specs) {
        Map<String, Spec> map = new LinkedHashMap<>();
        for (Spec spec : specs) {
            map.put(spec.name(), spec);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
