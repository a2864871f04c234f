package dev.mcs.service.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns Jackson's parse errors into problems that name the offending field. */
final class JsonErrorDescriber {

    private JsonErrorDescriber() {}

    static ProblemDetail describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of() : unknown.getKnownPropertyIds()
                    .stream().map(Object::toString).sorted().toList();
            return ProblemDetails.of(ProblemType.UNKNOWN_PARAMETER,
                    "unknown field '" + unknown.getPropertyName() + "'; valid fields: " + String.join(", ", known),
                    Map.of("field", path(unknown), "validParameters", known));
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            JacksonException jackson = (JacksonException) cause;
            return ProblemDetails.of(ProblemType.INVALID_REQUEST,
                    "field '" + path(jackson) + "' has the wrong type or value: " + jackson.getOriginalMessage(),
                    Map.of("field", path(jackson)));
        }
        if (cause instanceof JacksonException jackson) {
            return ProblemDetails.of(ProblemType.INVALID_REQUEST, "malformed JSON: " + jackson.getOriginalMessage());
        }
        return ProblemDetails.of(ProblemType.INVALID_REQUEST, "the request body is missing or unreadable");
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(body)" : path;
    }
}
