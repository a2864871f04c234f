package dev.mcs.service.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a worker's command line so that the kernel confines it: {@code unshare} (no network), then
 * {@code prlimit} (memory, CPU time, files, no core dumps), then a shell that moves itself into a fresh pids cgroup
 * before it becomes the worker. Every step replaces the previous process, so the worker keeps the PID, stdin
 * lifeline and exit status the launcher sees. What the platform does not allow is left out and reported.
 */
final class WorkerSandbox {

    private static final Logger log = LoggerFactory.getLogger(WorkerSandbox.class);
    private static final String JOIN_CGROUP = "echo $$ > \"$0\" && exec \"$@\"";

    private final SandboxProperties properties;
    private final SandboxPlatform platform;

    WorkerSandbox(SandboxProperties properties, SandboxPlatform platform) {
        this.properties = properties;
        this.platform = properties.enabled() ? platform : SandboxPlatform.none();
    }

    /** No confinement at all: for tests of the launcher itself. */
    static WorkerSandbox none() {
        return new WorkerSandbox(new SandboxProperties(false, org.springframework.util.unit.DataSize.ofGigabytes(1),
                java.time.Duration.ofHours(1), 64, 64, false), SandboxPlatform.none());
    }

    /** The command that runs {@code command} confined; {@code name} names its cgroup until {@link #release}. */
    List<String> wrap(List<String> command, String name) throws IOException {
        List<String> wrapped = new ArrayList<>();
        if (properties.isolateNetwork()) {
            wrapped.addAll(platform.networkPrefix());
        }
        platform.prlimit().ifPresent(prlimit -> wrapped.addAll(limits(prlimit)));
        Optional<Path> cgroup = createCgroup(name);
        if (cgroup.isPresent()) {
            wrapped.addAll(List.of("/bin/sh", "-c", JOIN_CGROUP, cgroup.get().resolve("cgroup.procs").toString()));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Kills whatever the worker left running in its cgroup (a forked child, a fork bomb) and removes the cgroup. */
    void release(String name) {
        platform.pidsCgroup().map(parent -> parent.resolve(name)).filter(Files::isDirectory).ifPresent(cgroup -> {
            CgroupReaper.killAllAndRemove(cgroup);
        });
    }

    /** What is active on this platform, for the start-up log and {@code /actuator/info}. */
    Map<String, Object> protections() {
        Map<String, Object> active = new LinkedHashMap<>();
        active.put("enabled", properties.enabled());
        boolean limits = platform.prlimit().isPresent();
        active.put("maxAddressSpace", limits ? properties.maxAddressSpace().toString() : "not enforced (no prlimit)");
        active.put("maxCpuTime", limits ? properties.maxCpuTime().toString() : "not enforced (no prlimit)");
        active.put("maxOpenFiles", limits ? properties.maxOpenFiles() : "not enforced (no prlimit)");
        active.put("maxProcesses", processLimit());
        active.put("network", !properties.isolateNetwork() ? "not isolated (disabled)"
                : platform.networkPrefix().isEmpty() ? "not isolated (no network namespace allowed here)"
                : "isolated (empty network namespace)");
        active.put("coreDumps", limits ? "disabled" : "not enforced (no prlimit)");
        return active;
    }

    void logProtections() {
        log.info("worker sandbox: {}", protections());
    }

    private Object processLimit() {
        if (platform.pidsCgroup().isPresent()) {
            return properties.maxProcesses() + " (pids cgroup)";
        }
        if (platform.prlimit().isPresent() && !platform.root()) {
            return properties.maxProcesses() + " (RLIMIT_NPROC, per user)";
        }
        return "not enforced (no pids cgroup, and RLIMIT_NPROC does not bind root)";
    }

    private List<String> limits(Path prlimit) {
        List<String> args = new ArrayList<>(List.of(prlimit.toString(),
                "--as=" + properties.maxAddressSpace().toBytes(),
                "--cpu=" + Math.max(1, properties.maxCpuTime().toSeconds()),
                "--nofile=" + properties.maxOpenFiles(),
                "--core=0"));
        if (platform.pidsCgroup().isEmpty() && !platform.root()) {
            args.add("--nproc=" + properties.maxProcesses());
        }
        args.add("--");
        return args;
    }

    private Optional<Path> createCgroup(String name) throws IOException {
        if (platform.pidsCgroup().isEmpty()) {
            return Optional.empty();
        }
        Path cgroup = Files.createDirectories(platform.pidsCgroup().get().resolve(name));
        Files.writeString(cgroup.resolve("pids.max"), Integer.toString(properties.maxProcesses()));
        return Optional.of(cgroup);
    }
}
