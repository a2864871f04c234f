package dev.mcs.service.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Empties a worker's cgroup by killing every process still in it, then removes the cgroup. */
final class CgroupReaper {

    private static final Logger log = LoggerFactory.getLogger(CgroupReaper.class);
    private static final int ROUNDS = 50;
    private static final long PAUSE_MILLIS = 20;

    private CgroupReaper() {}

    static void killAllAndRemove(Path cgroup) {
        try {
            // Repeated: a fork bomb may start a child between reading the list and the kill.
            for (int round = 0; round < ROUNDS; round++) {
                List<Long> pids = members(cgroup);
                if (pids.isEmpty()) {
                    Files.deleteIfExists(cgroup);
                    return;
                }
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                Thread.sleep(PAUSE_MILLIS);
            }
            log.warn("worker cgroup {} still has processes; left in place", cgroup);
        } catch (IOException e) {
            log.warn("worker cgroup {} could not be removed", cgroup, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes empty worker cgroups older than {@code age} that a killed service could not remove; younger ones may
     * belong to a worker another instance is starting right now.
     */
    static void removeStaleEmpty(Path parent, java.time.Duration age) {
        java.time.Instant before = java.time.Instant.now().minus(age);
        try (java.util.stream.Stream<Path> dirs = Files.list(parent)) {
            for (Path cgroup : dirs.filter(dir -> dir.getFileName().toString().startsWith("attempt-")).toList()) {
                if (Files.getLastModifiedTime(cgroup).toInstant().isBefore(before) && members(cgroup).isEmpty()) {
                    Files.deleteIfExists(cgroup);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("stale worker cgroups under {} not removed", parent, e);
        }
    }

    private static List<Long> members(Path cgroup) throws IOException {
        return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream()
                .filter(line -> !line.isBlank()).map(String::strip).map(Long::parseLong).toList();
    }
}
