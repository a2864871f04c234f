package dev.mcs.worker.inspect;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Engine error messages cut down to what a user can act on. */
final class EngineMessages {

    private static final int MAX_LINES = 2;
    private static final int MAX_CHARS = 400;

    private EngineMessages() {}

    /**
     * The first lines of the message, without libtorch's C++ stack trace, and with the worker's file path
     * replaced by the file name, which is all the user knows.
     */
    static String concise(Throwable error, Path model) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String text = Arrays.stream(message.split("\\R"))
                .map(String::strip)
                .takeWhile(line -> !line.startsWith("Exception raised from"))
                .filter(line -> !line.isEmpty())
                .limit(MAX_LINES)
                .collect(Collectors.joining(" "));
        if (model != null) {
            text = text.replace(model.toAbsolutePath().toString(), fileName(model)).replace(model.toString(), fileName(model));
        }
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "…";
    }

    private static String fileName(Path model) {
        return model.getFileName() == null ? "model" : model.getFileName().toString();
    }
}
