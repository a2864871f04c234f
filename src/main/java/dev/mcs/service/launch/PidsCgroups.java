package dev.mcs.service.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds or creates {@code mcs-workers} under this process's own pids cgroup (cgroup v1's pids hierarchy, or v2
 * where the controller is delegated), so each worker can get a child cgroup with {@code pids.max}. Anything that
 * does not work (no permission, no controller) means "not available", never an error.
 */
final class PidsCgroups {

    static final String WORKERS = "mcs-workers";
    private static final Path V1_ROOT = Path.of("/sys/fs/cgroup/pids");
    private static final Path V2_ROOT = Path.of("/sys/fs/cgroup");

    private PidsCgroups() {}

    static Optional<Path> workerParent() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
            Optional<Path> v1 = ownPath(lines, ":pids:").map(own -> V1_ROOT.resolve(own).resolve(WORKERS));
            if (v1.isPresent() && Files.isDirectory(V1_ROOT)) {
                return usable(v1.get(), false);
            }
            Optional<Path> v2 = ownPath(lines, "0::").map(own -> V2_ROOT.resolve(own).resolve(WORKERS));
            if (v2.isPresent() && Files.exists(V2_ROOT.resolve("cgroup.controllers"))) {
                return usable(v2.get(), true);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Path> ownPath(List<String> lines, String marker) {
        return lines.stream().filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).replaceFirst("^/", ""))
                .findFirst().map(Path::of);
    }

    private static Optional<Path> usable(Path parent, boolean v2) throws IOException {
        Files.createDirectories(parent);
        if (v2) {
            Files.writeString(parent.resolve("cgroup.subtree_control"), "+pids");
        }
        Path probe = Files.createDirectories(parent.resolve("probe-" + ProcessHandle.current().pid()));
        try {
            return Files.exists(probe.resolve("pids.max")) ? Optional.of(parent) : Optional.empty();
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
