package dev.mcs.service.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.protocol.WorkerProtocol;
import dev.mcs.shared.protocol.WorkerTask;
import dev.mcs.shared.technique.JobType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stdin lifeline with a real worker JVM: started with the launcher's own command line, busy on a
 * job that would run for minutes, it exits by itself once the pipe to its stdin closes, which is
 * what the operating system does when the service process dies.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkerLifelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** So many warm-up runs that the worker is still evaluating long after the test has ended. */
    private static final EvaluationSettings ENDLESS = new EvaluationSettings(100_000_000, 50, 1, 256, 4, 42L);

    @TempDir
    Path temp;

    @Test
    void a_busy_worker_exits_by_itself_with_the_parent_gone_code_when_its_stdin_closes() throws Exception {
        Path workDir = Files.createDirectories(temp.resolve("attempt-1"));
        Process worker = start(workDir);
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8))) {
            awaitStage(stdout, "evaluating");
            assertThat(worker.isAlive()).as("busy evaluating").isTrue();

            worker.getOutputStream().close();

            assertThat(worker.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of losing its parent").isTrue();
            assertThat(worker.exitValue()).isEqualTo(WorkerProtocol.EXIT_PARENT_GONE);
            assertThat(workDir.resolve(WorkerProtocol.RESULT_FILE)).as("no result from an abandoned run")
                    .doesNotExist();
        } finally {
            worker.destroyForcibly();
        }
    }

    /** The real worker main on the MLP fixture, with exactly the command line and environment the launcher uses. */
    private Process start(Path workDir) throws Exception {
        Path model = Path.of(WorkerLifelineTest.class.getResource("/fixtures/digits_mlp.onnx").toURI());
        WorkerTask task = new WorkerTask(WorkerTask.Kind.COMPRESS, UUID.randomUUID(), 1, model.toString(),
                ModelFormat.ONNX, workDir.toString(), JobType.QUANTIZE,
                JSON.readTree("{\"technique\":\"QUANTIZE\",\"method\":\"dynamic_int8\"}"), null, null, ENDLESS);
        Path taskFile = workDir.resolve(WorkerProtocol.TASK_FILE);
        JSON.writeValue(taskFile.toFile(), task);
        WorkerCommand command = new WorkerCommand(new WorkerProperties(DataSize.ofMegabytes(256), Duration.ofMinutes(1),
                Duration.ofMinutes(1), 1, Duration.ZERO, null, null, 20));
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(command.build(taskFile, tmp))
                .directory(workDir.toFile())
                .redirectError(workDir.resolve(WorkerProtocol.STDERR_FILE).toFile());
        command.restrictEnvironment(builder.environment());
        return builder.start();
    }

    private static void awaitStage(BufferedReader stdout, String stage) throws Exception {
        for (String line; (line = stdout.readLine()) != null; ) {
            if (WorkerProtocol.parse(line).filter(p -> p.stage().equals(stage)).isPresent()) {
                return;
            }
        }
        throw new AssertionError("the worker ended before reaching stage '" + stage + "'");
    }
}
