package dev.mcs.service.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this machine lets the service do to confine a worker, found by trying it once at start: {@code prlimit}
 * for resource limits, a writable pids cgroup for a process count that also binds root, and {@code unshare} for an
 * empty network namespace (directly as root, or inside a new user namespace otherwise).
 *
 * @param prlimit the prlimit executable, if installed
 * @param pidsCgroup the directory under which a pids cgroup per worker can be created, if any
 * @param networkPrefix the command prefix that starts a process without network, empty if none works
 * @param root whether the service runs as root (then {@code RLIMIT_NPROC} does not bind)
 */
record SandboxPlatform(Optional<Path> prlimit, Optional<Path> pidsCgroup, List<String> networkPrefix,
        boolean root) {

    private static final List<Path> PRLIMIT = List.of(Path.of("/usr/bin/prlimit"), Path.of("/bin/prlimit"));
    private static final List<List<String>> NETWORK_PREFIXES = List.of(
            List.of("unshare", "--net", "--"),
            List.of("unshare", "--user", "--map-root-user", "--net", "--"));

    static SandboxPlatform probe() {
        Optional<Path> prlimit = PRLIMIT.stream().filter(Files::isExecutable).findFirst();
        return new SandboxPlatform(prlimit, PidsCgroups.workerParent(), workingNetworkPrefix(), runsAsRoot());
    }

    static SandboxPlatform none() {
        return new SandboxPlatform(Optional.empty(), Optional.empty(), List.of(), false);
    }

    private static List<String> workingNetworkPrefix() {
        return NETWORK_PREFIXES.stream().filter(SandboxPlatform::works).findFirst().orElse(List.of());
    }

    private static boolean works(List<String> prefix) {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.add("true");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
