package dev.mcs.service.launch;

import dev.mcs.shared.protocol.ProgressListener;
import dev.mcs.shared.protocol.WorkerProtocol;
import dev.mcs.shared.protocol.WorkerTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Starts one worker JVM for one task and waits for it under a wall-clock limit. The worker's stdin
 * stays open as a lifeline: if this process dies, the worker sees end-of-file and exits, so no
 * orphan keeps running after a crash of the service.
 */
@Service
public class WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);
    private static final long POLL_MILLIS = 200;
    private static final long CANCEL_CHECK_MILLIS = 1000;

    private final WorkerCommand command;
    private final WorkerProperties properties;
    private final WorkerSandbox sandbox;
    private final ObjectMapper json;

    WorkerLauncher(WorkerProperties properties, WorkerSandbox sandbox, ObjectMapper json) {
        this.command = new WorkerCommand(properties);
        this.properties = properties;
        this.sandbox = sandbox;
        this.json = json;
    }

    /**
     * Runs a worker for {@code task} (whose work directory must exist) and reports how it ended.
     *
     * @param cancelled polled about once a second; true kills the worker
     */
    public WorkerOutcome run(WorkerTask task, Duration timeout, ProgressListener progress, BooleanSupplier cancelled)
            throws IOException {
        Path workDir = Path.of(task.workDir());
        Path taskFile = workDir.resolve(WorkerProtocol.TASK_FILE);
        json.writeValue(taskFile.toFile(), task);
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        String sandboxName = "attempt-" + UUID.randomUUID();
        try {
            return run(sandbox.wrap(command.build(taskFile, tmp), sandboxName), workDir, timeout, progress, cancelled);
        } finally {
            sandbox.release(sandboxName);
        }
    }

    private WorkerOutcome run(List<String> commandLine, Path workDir, Duration timeout, ProgressListener progress,
            BooleanSupplier cancelled) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(workDir.toFile())
                .redirectError(workDir.resolve(WorkerProtocol.STDERR_FILE).toFile());
        command.restrictEnvironment(builder.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        Thread reader = startProgressReader(process, progress);
        try {
            WorkerOutcome.Ending ending = await(process, timeout, cancelled);
            reader.join(2000);
            return outcome(ending, process.exitValue(), workDir, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            return outcome(WorkerOutcome.Ending.CANCELLED, 137, workDir, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (process.isAlive()) {
                kill(process);
            }
        }
    }

    private WorkerOutcome.Ending await(Process process, Duration timeout, BooleanSupplier cancelled)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextCancelCheck = System.nanoTime();
        while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                kill(process);
                return WorkerOutcome.Ending.TIMED_OUT;
            }
            if (System.nanoTime() >= nextCancelCheck) {
                nextCancelCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCEL_CHECK_MILLIS);
                if (cancelled.getAsBoolean()) {
                    kill(process);
                    return WorkerOutcome.Ending.CANCELLED;
                }
            }
        }
        return WorkerOutcome.Ending.COMPLETED;
    }

    private WorkerOutcome outcome(WorkerOutcome.Ending ending, int exitCode, Path workDir, Duration wall) {
        JsonNode result = ending == WorkerOutcome.Ending.COMPLETED ? readResult(workDir, exitCode) : null;
        if (ending == WorkerOutcome.Ending.COMPLETED && result == null) {
            ending = WorkerOutcome.Ending.CRASHED;
        }
        String stderr = StderrTail.read(workDir.resolve(WorkerProtocol.STDERR_FILE), properties.stderrTailLines());
        return new WorkerOutcome(ending, exitCode, result, stderr, wall);
    }

    private JsonNode readResult(Path workDir, int exitCode) {
        Path file = workDir.resolve(WorkerProtocol.RESULT_FILE);
        if ((exitCode != 0 && exitCode != WorkerProtocol.EXIT_HANDLED_FAILURE) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = json.readTree(file.toFile());
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            log.warn("worker result {} is unreadable", file, e);
            return null;
        }
    }

    private static Thread startProgressReader(Process process, ProgressListener progress) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    WorkerProtocol.parse(line).ifPresent(p -> progress.onProgress(p.fraction(), p.stage()));
                }
            } catch (IOException | RuntimeException e) {
                log.debug("worker progress stream ended", e);
            }
        }, "worker-progress-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** SIGTERM, then SIGKILL for the worker and anything it started. */
    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
