package dev.mcs.service.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.protocol.WorkerResult;
import dev.mcs.shared.protocol.WorkerTask;
import dev.mcs.worker.WorkerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real child processes. Most tests stand in for the worker JVM with a small bash script configured
 * as {@code javaCommand}: it receives the JVM arguments, the last being the task file, and plays a
 * worker that succeeds, crashes, hangs or snoops on its environment. The last tests start the real
 * {@link WorkerMain} on the fixtures.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WorkerLauncherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BooleanSupplier NEVER = () -> false;
    private static final Duration GENEROUS = Duration.ofMinutes(1);
    /** Variables WorkerCommand passes through, plus what bash itself adds to its environment. */
    private static final Set<String> ALLOWED_ENVIRONMENT = Set.of("PATH", "HOME", "LANG", "LC_ALL", "USER", "JAVA_HOME",
            "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "OMP_NUM_THREADS", "PWD", "OLDPWD", "SHLVL", "_");

    @TempDir
    Path temp;

    private Path workDir;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createWorkDir() throws IOException {
        workDir = Files.createDirectories(temp.resolve("work/attempt-1"));
    }

    @Test
    void a_completed_worker_reports_progress_and_its_result_is_parsed() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo "some library chatter"
                echo "@progress 0.25 loading model"
                echo "@progress 0.5 halfway"
                echo "@progress nonsense ignored"
                echo "@progress 1.7 past the end"
                echo '{"status": "OK", "inspection": {"parameterCount": 6570}}' > "$dir/result.json"
                exit 0
                """));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.COMPLETED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.result().path("status").asString()).isEqualTo("OK");
        assertThat(outcome.result().path("inspection").path("parameterCount").asLong()).isEqualTo(6570);
        assertThat(progress).containsExactly("0.25 loading model", "0.5 halfway", "1.0 past the end");
        assertThat(outcome.describe()).isEqualTo("worker completed");
        assertThat(outcome.wallTime()).isPositive().isLessThan(GENEROUS);
    }

    @Test
    void a_handled_failure_with_exit_code_two_still_completes_with_its_result() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo '{"status": "FAILED", "errorType": "unsupported-model", "errorDetail": "no MatMul"}' > "$dir/result.json"
                exit 2
                """));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.COMPLETED);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.result().path("errorType").asString()).isEqualTo("unsupported-model");
    }

    @Test
    void a_worker_that_exits_with_zero_but_writes_no_result_has_crashed() throws Exception {
        WorkerLauncher launcher = launcher(script("exit 0\n"));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CRASHED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.result()).isNull();
        assertThat(outcome.describe()).isEqualTo("worker exited with code 0 without a result");
    }

    @Test
    void a_result_written_by_a_worker_that_then_failed_is_not_trusted() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo '{"status": "OK"}' > "$dir/result.json"
                echo "Exception in thread main" >&2
                exit 1
                """));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CRASHED);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.result()).isNull();
        assertThat(outcome.describe()).isEqualTo("worker exited with code 1 without a result");
        assertThat(outcome.stderrTail()).isEqualTo("Exception in thread main");
    }

    @Test
    void an_unreadable_result_file_counts_as_a_crash() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                printf '{"status": "OK", "inspec' > "$dir/result.json"
                exit 0
                """));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CRASHED);
        assertThat(outcome.result()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "42"})
    void a_result_file_that_is_not_a_json_object_counts_as_a_crash(String content) throws Exception {
        Files.writeString(temp.resolve("result-content.txt"), content);
        WorkerLauncher launcher = launcher(script("""
                cp "$(dirname "$dir")/../result-content.txt" "$dir/result.json"
                exit 0
                """));

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CRASHED);
        assertThat(outcome.result()).isNull();
    }

    @Test
    void a_java_command_that_does_not_exist_fails_to_start_with_an_io_exception() {
        WorkerLauncher launcher = launcher(temp.resolve("no-such-java"));

        assertThatThrownBy(() -> launcher.run(task(), GENEROUS, this::record, NEVER)).isInstanceOf(IOException.class);
        assertThat(workDir.resolve("task.json")).as("the task was written before the start failed").isRegularFile();
    }

    @Test
    void a_worker_killed_by_sigsegv_has_crashed_with_exit_code_139_and_its_stderr_tail() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                for i in $(seq 1 30); do echo "log line $i" >&2; done
                echo "# A fatal error has been detected by the Java Runtime Environment: SIGSEGV" >&2
                ulimit -c 0
                kill -SEGV $$
                echo '{"status": "OK"}' > "$dir/result.json"
                """), 4);

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CRASHED);
        assertThat(outcome.exitCode()).isEqualTo(139);
        assertThat(outcome.result()).isNull();
        assertThat(outcome.describe()).isEqualTo("worker killed by signal 11 (SIGSEGV)");
        assertThat(outcome.stderrTail()).isEqualTo("""
                log line 28
                log line 29
                log line 30
                # A fatal error has been detected by the Java Runtime Environment: SIGSEGV""");
        assertThat(workDir.resolve("result.json")).doesNotExist();
    }

    @Test
    void a_worker_that_runs_past_the_timeout_is_killed_with_everything_it_started() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo $$ > "$dir/shell.pid"
                sleep 300 &
                echo $! > "$dir/child.pid"
                wait
                """));

        WorkerOutcome outcome = launcher.run(task(), Duration.ofSeconds(1), this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.TIMED_OUT);
        assertThat(outcome.exitCode()).as("ended by SIGTERM").isEqualTo(143);
        assertThat(outcome.result()).isNull();
        assertThat(outcome.describe()).startsWith("worker timed out after").endsWith("and was killed");
        assertThat(outcome.wallTime()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertGone(pid("shell.pid"));
        assertGone(pid("child.pid"));
    }

    @Test
    void a_worker_that_ignores_sigterm_is_killed_forcibly_on_timeout() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                trap '' TERM
                echo $$ > "$dir/shell.pid"
                while true; do sleep 0.1; done
                """));

        WorkerOutcome outcome = launcher.run(task(), Duration.ofMillis(500), this::record, NEVER);

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.TIMED_OUT);
        assertThat(outcome.exitCode()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(outcome.wallTime()).as("500 ms, then 2 s of grace after SIGTERM").isBetween(Duration.ofMillis(2400),
                Duration.ofSeconds(10));
        assertGone(pid("shell.pid"));
    }

    @Test
    void a_cancelled_worker_is_killed_within_about_two_seconds() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo $$ > "$dir/shell.pid"
                echo "@progress 0.1 started"
                sleep 300
                """));
        AtomicBoolean started = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();

        WorkerOutcome outcome = launcher.run(task(), GENEROUS, (fraction, stage) -> started.set(true), () -> {
            checks.incrementAndGet();
            return started.get();
        });

        assertThat(outcome.ending()).isEqualTo(WorkerOutcome.Ending.CANCELLED);
        assertThat(outcome.describe()).isEqualTo("worker was cancelled");
        assertThat(outcome.result()).isNull();
        assertThat(outcome.wallTime()).isLessThan(Duration.ofMillis(2500));
        assertThat(checks.get()).isPositive();
        assertGone(pid("shell.pid"));
    }

    @Test
    void interrupting_the_waiting_thread_cancels_and_kills_the_worker() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                echo $$ > "$dir/shell.pid"
                sleep 300
                """));
        List<Thread> runner = new CopyOnWriteArrayList<>();

        CompletableFuture<WorkerOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            runner.add(Thread.currentThread());
            try {
                return launcher.run(task(), GENEROUS, this::record, NEVER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long pid = awaitPid("shell.pid");
        runner.get(0).interrupt();

        assertThat(outcome.get(15, TimeUnit.SECONDS).ending()).isEqualTo(WorkerOutcome.Ending.CANCELLED);
        assertGone(pid);
    }

    @Test
    void the_worker_runs_under_the_sandbox_limits_and_its_cgroup_is_gone_afterwards() throws Exception {
        SandboxPlatform platform = SandboxPlatform.probe();
        assumeThat(platform.prlimit()).as("prlimit is installed").isPresent();
        WorkerSandbox sandbox = new WorkerSandbox(new SandboxProperties(true, DataSize.ofGigabytes(16),
                Duration.ofMinutes(10), 512, 128, true), platform);
        WorkerLauncher launcher = new WorkerLauncher(properties(script("""
                cat /proc/self/limits > "$dir/limits.txt"
                cat /proc/self/cgroup > "$dir/cgroup.txt"
                echo '{"status": "OK"}' > "$dir/result.json"
                """), null, 20), sandbox, JSON);

        assertThat(launcher.run(task(), GENEROUS, this::record, NEVER).ending()).isEqualTo(WorkerOutcome.Ending.COMPLETED);

        assertThat(Files.readString(workDir.resolve("limits.txt"))).containsPattern("Max open files\\s+512\\s+512");
        if (platform.pidsCgroup().isPresent()) {
            String cgroupLine = Files.readAllLines(workDir.resolve("cgroup.txt")).stream()
                    .filter(line -> line.contains("/" + PidsCgroups.WORKERS + "/attempt-")).findFirst().orElseThrow();
            String attempt = cgroupLine.substring(cgroupLine.lastIndexOf('/') + 1);
            assertThat(platform.pidsCgroup().get().resolve(attempt)).doesNotExist();
        }
    }

    @Test
    void the_worker_environment_holds_only_harmless_variables() throws Exception {
        WorkerLauncher launcher = new WorkerLauncher(properties(script("""
                env > "$dir/env.txt"
                echo '{"status": "OK"}' > "$dir/result.json"
                """), "/opt/djl-cache", 20), WorkerSandbox.none(), JSON);

        launcher.run(task(), GENEROUS, this::record, NEVER);

        Map<String, String> env = Files.readAllLines(workDir.resolve("env.txt")).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> a));
        assertThat(env.keySet()).isSubsetOf(ALLOWED_ENVIRONMENT)
                .doesNotContain("SPRING_DATASOURCE_PASSWORD", "MCS_DB_PASSWORD", "MCS_DB_URL", "MCS_DB_USER");
        assertThat(env).containsEntry("DJL_CACHE_DIR", "/opt/djl-cache");
        if (System.getenv("PATH") != null) {
            assertThat(env).containsEntry("PATH", System.getenv("PATH"));
        }
        Set<String> secretsOfThisJvm = new HashSet<>(System.getenv().keySet());
        secretsOfThisJvm.removeAll(ALLOWED_ENVIRONMENT);
        assumeThat(secretsOfThisJvm).as("variables of the test JVM that must not be passed on").isNotEmpty();
        assertThat(env.keySet()).doesNotContainAnyElementsOf(secretsOfThisJvm);
    }

    @Test
    void the_command_line_names_the_heap_the_temp_dir_the_main_class_and_the_task_file() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                pwd -P > "$dir/cwd.txt"
                cp "$task" "$dir/task-seen.json"
                echo '{"status": "OK"}' > "$dir/result.json"
                """));
        WorkerTask task = task();

        launcher.run(task, GENEROUS, this::record, NEVER);

        List<String> args = Files.readAllLines(workDir.resolve("args.txt"));
        Path taskFile = workDir.resolve("task.json");
        assertThat(args).contains("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"), WorkerMain.class.getName());
        assertThat(args.get(args.indexOf("-cp") + 1).split(java.io.File.pathSeparator))
                .as("this JVM's classpath with every entry made absolute")
                .containsExactly(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .map(entry -> Path.of(entry).toAbsolutePath().toString()).toArray(String[]::new));
        assertThat(args.get(args.size() - 1)).isEqualTo(taskFile.toString());
        assertThat(args.indexOf(WorkerMain.class.getName())).isEqualTo(args.size() - 2);
        assertThat(workDir.resolve("tmp")).isDirectory();
        assertThat(Files.readString(workDir.resolve("cwd.txt")).strip()).isEqualTo(workDir.toRealPath().toString());
        WorkerTask seen = JSON.readValue(workDir.resolve("task-seen.json").toFile(), WorkerTask.class);
        assertThat(seen).isEqualTo(task);
    }

    @Test
    void the_worker_stdin_stays_open_as_a_lifeline_while_the_launcher_waits() throws Exception {
        WorkerLauncher launcher = launcher(script("""
                read -t 1 line
                echo $? > "$dir/read.rc"
                echo '{"status": "OK"}' > "$dir/result.json"
                """));

        launcher.run(task(), GENEROUS, this::record, NEVER);

        assertThat(Integer.parseInt(Files.readString(workDir.resolve("read.rc")).strip()))
                .as("bash read status: above 128 means it timed out waiting, 1 would mean end-of-file")
                .isGreaterThan(128);
    }

    @Test
    void the_real_worker_jvm_inspects_the_onnx_fixture() throws Exception {
        WorkerLauncher launcher = new WorkerLauncher(properties(null, null, 20), WorkerSandbox.none(), JSON);
        WorkerTask task = task(fixture("digits_mlp.onnx"), ModelFormat.ONNX);

        WorkerOutcome outcome = launcher.run(task, Duration.ofMinutes(2), this::record, NEVER);

        assertThat(outcome.ending()).as(outcome.stderrTail()).isEqualTo(WorkerOutcome.Ending.COMPLETED);
        assertThat(outcome.exitCode()).isZero();
        JsonNode result = outcome.result();
        assertThat(result.path("status").asString()).isEqualTo(WorkerResult.OK);
        JsonNode inspection = result.path("inspection");
        assertThat(inspection.path("format").asString()).isEqualTo("ONNX");
        assertThat(inspection.path("onnx").path("inputs").path(0).path("name").asString()).isEqualTo("input");
        assertThat(inspection.path("onnx").path("outputs").path(0).path("name").asString()).isEqualTo("logits");
        assertThat(inspection.path("smokeTest").path("succeeded").asBoolean()).isTrue();
        assertThat(progress).containsExactly("0.1 inspecting model", "1.0 inspected");
    }

    @Test
    void the_real_worker_jvm_inspects_the_torchscript_fixture() throws Exception {
        WorkerLauncher launcher = new WorkerLauncher(properties(null, null, 20), WorkerSandbox.none(), JSON);
        WorkerTask task = task(fixture("digits_mlp.pt"), ModelFormat.TORCHSCRIPT);

        WorkerOutcome outcome = launcher.run(task, Duration.ofMinutes(2), this::record, NEVER);

        assertThat(outcome.ending()).as(outcome.stderrTail()).isEqualTo(WorkerOutcome.Ending.COMPLETED);
        JsonNode result = outcome.result();
        assertThat(result.path("status").asString()).isEqualTo(WorkerResult.OK);
        assertThat(result.path("inspection").path("format").asString()).isEqualTo("TORCHSCRIPT");
        List<String> names = new ArrayList<>();
        result.path("inspection").path("torchScript").path("parameters").forEach(p -> names.add(p.path("name").asString()));
        assertThat(names).containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
                "layers.4.weight", "layers.4.bias");
        assertThat(result.path("inspection").path("parameterCount").asLong()).isEqualTo(64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
    }

    @Test
    void the_real_worker_jvm_reports_garbage_as_an_invalid_model() throws Exception {
        WorkerLauncher launcher = new WorkerLauncher(properties(null, null, 20), WorkerSandbox.none(), JSON);
        Path garbage = Files.write(temp.resolve("garbage.onnx"), "this is not a protobuf".getBytes(StandardCharsets.UTF_8));

        WorkerOutcome outcome = launcher.run(task(garbage, ModelFormat.ONNX), Duration.ofMinutes(2), this::record, NEVER);

        assertThat(outcome.ending()).as(outcome.stderrTail()).isEqualTo(WorkerOutcome.Ending.COMPLETED);
        assertThat(outcome.result().path("status").asString()).isEqualTo(WorkerResult.INVALID_MODEL);
        assertThat(outcome.result().path("errorDetail").asString()).isNotBlank();
    }

    private void record(double fraction, String stage) {
        progress.add(fraction + " " + stage);
    }

    private WorkerTask task() {
        return task(temp.resolve("model.onnx"), ModelFormat.ONNX);
    }

    private WorkerTask task(Path model, ModelFormat format) {
        return new WorkerTask(WorkerTask.Kind.INSPECT, UUID.randomUUID(), 1, model.toString(), format, workDir.toString(),
                null, null, null, null, EvaluationSettings.defaults());
    }

    private static WorkerProperties properties(Path javaCommand, String djlCacheDir, int stderrTailLines) {
        return new WorkerProperties(DataSize.ofMegabytes(256), GENEROUS, GENEROUS, 2, Duration.ofMillis(100),
                javaCommand == null ? null : javaCommand.toString(), djlCacheDir, stderrTailLines);
    }

    private static WorkerLauncher launcher(Path script) {
        return launcher(script, 20);
    }

    private static WorkerLauncher launcher(Path script, int stderrTailLines) {
        return new WorkerLauncher(properties(script, null, stderrTailLines), WorkerSandbox.none(), JSON);
    }

    /** A fake {@code java}: records its arguments, then runs {@code body} with {@code $task} and {@code $dir} set. */
    private Path script(String body) throws IOException {
        Path script = temp.resolve("fake-java-" + UUID.randomUUID() + ".sh");
        Files.writeString(script, """
                #!/bin/bash
                task="${@: -1}"
                dir="$(dirname "$task")"
                printf '%s\\n' "$@" > "$dir/args.txt"
                """ + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(WorkerLauncherTest.class.getResource("/fixtures/" + name).toURI());
    }

    private long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(workDir.resolve(file)).strip());
    }

    private long awaitPid(String file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Path path = workDir.resolve(file);
            if (Files.isRegularFile(path) && !Files.readString(path).isBlank()) {
                return pid(file);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the worker never wrote " + file);
    }

    /** The process is gone (a zombie counts as gone: it no longer runs), allowing a moment for init to reap orphans. */
    private static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(alive(pid)).as("process %d is still alive", pid).isFalse();
    }

    private static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String line = Files.readString(stat);
                char state = line.charAt(line.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
