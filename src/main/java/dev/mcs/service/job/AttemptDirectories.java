package dev.mcs.service.job;

import dev.mcs.service.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Scratch directories of worker runs, inside the storage root, removed after each run. */
@Component
class AttemptDirectories {

    private static final Logger log = LoggerFactory.getLogger(AttemptDirectories.class);

    private final BlobStore blobs;

    AttemptDirectories(BlobStore blobs) {
        this.blobs = blobs;
    }

    Path create(String kind, String name) {
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
