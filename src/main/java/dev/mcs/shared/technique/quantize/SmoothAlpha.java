package dev.mcs.shared.technique.quantize;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;

/**
 * SmoothQuant's migration strength: a fixed number in [0, 1], or {@code "auto"}, where the worker measures
 * candidate strengths on the calibration data and keeps the best (never worse than not smoothing).
 *
 * @param fixed the strength, or null for auto
 */
@Schema(types = {"number", "string"}, description = "A number in [0, 1], or \"auto\" (default)", example = "auto")
public record SmoothAlpha(Double fixed) {

    public static final String AUTO_NAME = "auto";
    public static final SmoothAlpha AUTO = new SmoothAlpha(null);

    public static SmoothAlpha of(double value) {
        return new SmoothAlpha(value);
    }

    /** Reads a JSON number or the string {@code "auto"}; anything else is the client's mistake. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SmoothAlpha fromJson(Object value) {
        if (value instanceof Number number) {
            return new SmoothAlpha(number.doubleValue());
        }
        if (value instanceof String text && text.toLowerCase(Locale.ROOT).equals(AUTO_NAME)) {
            return AUTO;
        }
        throw new IllegalArgumentException("must be a number in [0, 1] or \"auto\", got " + value);
    }

    @JsonValue
    public Object json() {
        return fixed == null ? AUTO_NAME : fixed;
    }

    public boolean isAuto() {
        return fixed == null;
    }
}
