package dev.mcs.service.job;

import dev.mcs.service.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scratch directories of worker runs, inside the storage root, removed after each run. The one place that knows
 * their layout: {@code jobs/<job id>-attempt-<n>} and {@code inspections/<model id>}.
 */
@Component
class AttemptDirectories {

    static final String JOBS = "jobs";
    static final String INSPECTIONS = "inspections";

    private static final Logger log = LoggerFactory.getLogger(AttemptDirectories.class);

    private final BlobStore blobs;

    AttemptDirectories(BlobStore blobs) {
        this.blobs = blobs;
    }

    Path forJobAttempt(UUID jobId, int attempt) {
        return create(JOBS, jobId + "-attempt-" + attempt);
    }

    Path forInspection(UUID modelId) {
        return create(INSPECTIONS, modelId.toString());
    }

    /**
     * Removes directories of {@code kind} last written before {@code before} whose owner (the job or model id the
     * name starts with) is not {@code active}; a name that holds no id is left alone.
     */
    int removeAbandoned(String kind, Instant before, Predicate<UUID> active) throws IOException {
        int removed = 0;
        for (Path dir : blobs.scratchDirectoriesWrittenBefore(kind, before)) {
            Optional<UUID> owner = owner(dir.getFileName().toString());
            if (owner.isPresent() && !active.test(owner.get())) {
                deleteQuietly(dir);
                removed++;
            }
        }
        return removed;
    }

    private static Optional<UUID> owner(String name) {
        try {
            return Optional.of(UUID.fromString(name.substring(0, Math.min(name.length(), 36))));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private Path create(String kind, String name) {
        try {
            Path dir = blobs.scratchRoot().resolve(kind).resolve(name);
            deleteQuietly(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not remove worker directory {}", dir, e);
        }
    }
}
