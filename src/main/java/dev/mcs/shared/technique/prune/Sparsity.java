package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.ParamChecks;

/** The share of weights or units a method removes: strictly between 0 (nothing) and 1 (everything). */
final class Sparsity {

    private Sparsity() {}

    static void check(Double sparsity) {
        if (sparsity != null && (sparsity.isNaN() || sparsity <= 0 || sparsity >= 1)) {
            throw ParamChecks.invalid("sparsity", "'params.sparsity' must lie in (0, 1), both ends excluded: 0 prunes"
                    + " nothing and 1 everything; got " + sparsity, null);
        }
    }

    static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
