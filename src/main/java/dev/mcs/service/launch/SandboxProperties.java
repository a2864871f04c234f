package dev.mcs.service.launch;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits put on every worker process, so that a hostile or broken model can only ever exhaust its own worker.
 *
 * @param enabled whether any limit is applied (off only for platforms without prlimit, and for tests)
 * @param maxAddressSpace virtual memory of one worker ({@code RLIMIT_AS}); a JVM reserves far more than it uses,
 *                        so this is a ceiling against runaway native allocations, not a tight budget
 * @param maxCpuTime CPU time of one worker, all its threads together ({@code RLIMIT_CPU})
 * @param maxOpenFiles open file descriptors of one worker ({@code RLIMIT_NOFILE})
 * @param maxProcesses processes and threads of one worker (a pids cgroup where the platform lets the service
 *                     create one, else {@code RLIMIT_NPROC}, which counts per user and is ignored for root)
 * @param isolateNetwork start each worker in a new, empty network namespace where the platform allows it
 */
@Validated
@ConfigurationProperties("mcs.worker.sandbox")
public record SandboxProperties(
        boolean enabled,
        @NotNull DataSize maxAddressSpace,
        @NotNull Duration maxCpuTime,
        @Min(64) int maxOpenFiles,
        @Min(64) int maxProcesses,
        boolean isolateNetwork) {}
