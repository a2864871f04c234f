package dev.mcs.service.model;

import java.util.UUID;
import java.util.regex.Pattern;

/** Display names and safe download file names; never used to build storage paths. */
final class ModelNames {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final int MAX_LENGTH = 200;

    private ModelNames() {}

    static String displayName(String requested, String originalFilename, UUID id) {
        String name = firstNonBlank(requested, originalFilename, "model-" + id.toString().substring(0, 8)).strip();
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    static String downloadFileName(StoredModel model) {
        String base = UNSAFE.matcher(model.getName()).replaceAll("_").replaceAll("^[._]+", "");
        if (base.isEmpty()) {
            base = "model-" + model.getId().toString().substring(0, 8);
        }
        String extension = model.getFormat().extension();
        return base.endsWith(extension) ? base : base + extension;
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no candidate");
    }
}
