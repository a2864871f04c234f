package dev.mcs.service.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.util.unit.DataSize;

/**
 * Real processes under the real platform's confinement. Where this machine does not allow a protection (no pids
 * cgroup, no network namespace) the test for it is skipped with the reason, as the service itself reports it.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkerSandboxTest {

    private static final SandboxPlatform PLATFORM = SandboxPlatform.probe();
    private static final SandboxProperties LIMITS = new SandboxProperties(true, DataSize.ofGigabytes(8),
            Duration.ofMinutes(5), 256, 64, true);

    private final WorkerSandbox sandbox = new WorkerSandbox(LIMITS, PLATFORM);

    @Test
    void aConfinedProcessCarriesTheConfiguredLimitsAndNoCoreDumps() throws Exception {
        assumeThat(PLATFORM.prlimit()).as("prlimit is installed").isPresent();

        String limits = run("cat /proc/self/limits").output();

        assertThat(limits).containsPattern("Max open files\\s+256\\s+256");
        assertThat(limits).containsPattern("Max address space\\s+" + DataSize.ofGigabytes(8).toBytes());
        assertThat(limits).containsPattern("Max cpu time\\s+300\\s+300");
        assertThat(limits).containsPattern("Max core file size\\s+0\\s+0");
    }

    @Test
    void aConfinedProcessCannotReachTheDatabaseThatTheServiceReaches() throws Exception {
        assumeThat(PLATFORM.networkPrefix()).as("this platform allows a network namespace").isNotEmpty();
        String connect = "exec 3<>/dev/tcp/127.0.0.1/5432 && echo connected";
        assumeThat(plain(connect)).as("PostgreSQL listens on 127.0.0.1:5432 for the comparison").isEqualTo(0);

        Result confined = run(connect);

        assertThat(confined.exitCode()).isNotZero();
        assertThat(confined.output()).doesNotContain("connected");
    }

    @Test
    void aForkBombStopsAtTheProcessLimitAndDiesWithItsWorker() throws Exception {
        assumeThat(PLATFORM.pidsCgroup()).as("a pids cgroup can be created here").isPresent();

        // dash gives up at the first refused fork ("Cannot fork") where bash would retry for half a minute.
        Result bomb = run(List.of("/bin/sh", "-c",
                "for i in $(seq 300); do sleep 120 >/dev/null 2>&1 & done; echo all-started"));

        assertThat(bomb.output()).contains("Cannot fork").doesNotContain("all-started");
        assertThat(Files.exists(PLATFORM.pidsCgroup().get().resolve("attempt-test")))
                .as("the cgroup is removed once its processes are killed").isFalse();
        assertThat(sleepersLeft()).as("sleep processes still alive after release").isZero();
    }

    @Test
    void theProtectionsReportSaysWhatIsAndIsNotEnforced() {
        assertThat(sandbox.protections()).containsKeys("maxAddressSpace", "maxCpuTime", "maxOpenFiles",
                "maxProcesses", "network", "coreDumps");
        assertThat(WorkerSandbox.none().protections()).containsEntry("enabled", false)
                .containsEntry("network", "not isolated (disabled)");
    }

    private record Result(int exitCode, String output) {}

    private Result run(String bashScript) throws Exception {
        return run(List.of("bash", "-c", bashScript));
    }

    private Result run(List<String> target) throws Exception {
        try {
            List<String> command = sandbox.wrap(target, "attempt-test");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return new Result(process.exitValue(), output);
        } finally {
            sandbox.release("attempt-test");
        }
    }

    private static int plain(String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    private static long sleepersLeft() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 120")).count();
    }
}
