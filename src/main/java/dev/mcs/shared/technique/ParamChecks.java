package dev.mcs.shared.technique;

import java.util.Collection;
import java.util.List;

/** Value checks shared by the methods' {@link MethodParams#validate} implementations. */
public final class ParamChecks {

    private ParamChecks() {}

    /** A value that must be one of a list; null passes (the field does not apply). */
    public static void oneOf(String field, Object value, List<?> valid) {
        if (value != null && !valid.contains(value)) {
            throw invalid(field, "'params." + field + "' must be one of " + valid + ", got '" + value + "'", valid);
        }
    }

    /** A number that must lie in a closed range; null passes. */
    public static void within(String field, Double value, double min, double max) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw invalid(field, "'params." + field + "' must lie in [" + min + ", " + max + "], got " + value, null);
        }
    }

    /** A list whose every element must be valid, and that must not be empty when {@code nonEmpty}. */
    public static void subsetOf(String field, Collection<String> values, List<String> valid, boolean nonEmpty) {
        if (values == null) {
            return;
        }
        if (nonEmpty && values.isEmpty()) {
            throw invalid(field, "'params." + field + "' must name at least one of " + valid
                    + "; leave it out for all of them", valid);
        }
        for (String value : values) {
            if (!valid.contains(value)) {
                throw invalid(field, "'params." + field + "' may only contain " + valid + ", got '" + value + "'", valid);
            }
        }
    }

    /** A refusal of one field's value. */
    public static InvalidParamsException invalid(String field, String detail, List<?> valid) {
        return new InvalidParamsException(InvalidParamsException.Reason.INVALID_VALUE, "params." + field, detail, valid);
    }

    /** A method that calibrates or trains and has no dataset to do it with. */
    public static InvalidParamsException datasetRequired(String detail) {
        return new InvalidParamsException(InvalidParamsException.Reason.DATASET_REQUIRED, "datasetId", detail, null);
    }
}
