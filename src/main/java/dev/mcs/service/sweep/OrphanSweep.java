package dev.mcs.service.sweep;

import dev.mcs.service.job.AbandonedAttempts;
import dev.mcs.service.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Removes what a crash can leave behind: a blob written whose row never committed, an upload's temporary file,
 * a worker directory of a job or inspection that is no longer running ({@link AbandonedAttempts}, which knows their
 * layout). Only files older than the grace period are considered, so nothing in flight is touched. Reads the blob
 * references directly: it must see every tenant's rows, whichever feature owns them.
 */
@Service
public class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final List<String> BLOB_PREFIXES = List.of("models", "datasets");

    private final BlobStore blobs;
    private final AbandonedAttempts attempts;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SweepProperties properties;

    OrphanSweep(BlobStore blobs, AbandonedAttempts attempts, JdbcTemplate jdbc, Clock clock,
            SweepProperties properties) {
        this.blobs = blobs;
        this.attempts = attempts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public SweepReport sweep() throws IOException {
        Instant before = clock.instant().minus(properties.grace());
        SweepReport report = new SweepReport(sweepBlobs(before), blobs.deleteTemporaryFilesWrittenBefore(before),
                attempts.remove(before));
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
}
