package dev.mcs.service.sweep;

import dev.mcs.service.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Removes what a crash can leave behind: a blob written whose row never committed, an upload's temporary file,
 * a worker directory of a job or inspection that is no longer running. Only files older than the grace period
 * are considered, so nothing in flight is touched. Reads the tables directly: it must see every row, whichever
 * feature owns it.
 */
@Service
public class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final List<String> BLOB_PREFIXES = List.of("models", "datasets");

    private final BlobStore blobs;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SweepProperties properties;

    OrphanSweep(BlobStore blobs, JdbcTemplate jdbc, Clock clock, SweepProperties properties) {
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public SweepReport sweep() throws IOException {
        Instant before = clock.instant().minus(properties.grace());
        SweepReport report = new SweepReport(sweepBlobs(before), blobs.deleteTemporaryFilesWrittenBefore(before),
                sweepAttempts("jobs", "select id::text from job where status in ('QUEUED', 'RUNNING')", before)
                        + sweepAttempts("inspections", "select id::text from model where status = 'INSPECTING'",
                        before));
        if (report.removedAnything()) {
            log.info("orphan sweep removed {}", report);
        }
        return report;
    }

    private int sweepBlobs(Instant before) throws IOException {
        // Listed before the referenced keys are read: a blob committed in between is then seen as referenced.
        List<String> candidates = new java.util.ArrayList<>();
        for (String prefix : BLOB_PREFIXES) {
            candidates.addAll(blobs.keysWrittenBefore(prefix, before));
        }
        Set<String> referenced = new HashSet<>(jdbc.queryForList(
                "select blob_key from model union all select blob_key from dataset", String.class));
        int removed = 0;
        for (String key : candidates) {
            if (!referenced.contains(key)) {
                blobs.delete(key);
                removed++;
            }
        }
        return removed;
    }

    private int sweepAttempts(String kind, String activeIdsSql, Instant before) throws IOException {
        Path folder = blobs.scratchRoot().resolve(kind);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> stale;
        try (Stream<Path> dirs = Files.list(folder)) {
            stale = dirs.filter(dir -> olderThan(dir, before)).toList();
        }
        Set<String> active = new HashSet<>(jdbc.queryForList(activeIdsSql, String.class));
        int removed = 0;
        for (Path dir : stale) {
            if (!active.contains(dir.getFileName().toString())) {
                deleteTree(dir);
                removed++;
            }
        }
        return removed;
    }

    private static boolean olderThan(Path path, Instant before) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(before);
        } catch (IOException vanished) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
