package dev.mcs.e2e;

import dev.mcs.support.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a refused request must not leave behind: files in the blob store's {@code models} and
 * {@code datasets} folders, and model, dataset or job rows. Taken before and after the request;
 * {@link #since} is what the request added, {@link #NONE} when it added nothing.
 */
record Leftovers(Set<String> modelBlobs, Set<String> datasetBlobs, long models, long datasets, long jobs) {

    static final Leftovers NONE = new Leftovers(Set.of(), Set.of(), 0, 0, 0);

    /** The state once no queued work is left that could add a row or a blob of its own meanwhile. */
    static Leftovers whenQuiet(JdbcTemplate jdbc, Path blobs) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (queuedWork(jdbc) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queue never emptied: " + jdbc.queryForList(
                        "select task_name, task_instance from scheduled_tasks"));
            }
            Api.sleep(100);
        }
        return now(jdbc, blobs);
    }

    static Leftovers now(JdbcTemplate jdbc, Path blobs) throws IOException {
        return new Leftovers(files(blobs.resolve("models")), files(blobs.resolve("datasets")), count(jdbc, "model"),
                count(jdbc, "dataset"), count(jdbc, "job"));
    }

    /** New blob files and the change in row counts between {@code before} and this state. */
    Leftovers since(Leftovers before) {
        return new Leftovers(added(before.modelBlobs, modelBlobs), added(before.datasetBlobs, datasetBlobs),
                models - before.models, datasets - before.datasets, jobs - before.jobs);
    }

    private static Set<String> added(Set<String> before, Set<String> after) {
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        return Set.copyOf(added);
    }

    /** Job and inspection tasks; the recurring orphan sweep is always there. */
    static long queuedWork(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_name <> 'orphan-sweep'", Long.class);
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static Set<String> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
