package dev.mcs.worker;

import dev.mcs.shared.protocol.ProgressListener;
import dev.mcs.shared.protocol.WorkerProtocol;
import dev.mcs.shared.protocol.WorkerResult;
import dev.mcs.shared.protocol.WorkerTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point of a worker JVM: reads the task file named on the command line, runs it, writes
 * {@code result.json} next to it and exits. Deliberately not a Spring application: it starts fast,
 * needs no database and has nothing to leak if a native engine takes the process down.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
        watchLifeline(System.in);
        ObjectMapper json = JsonMapper.builder().build();
        Path taskFile = Path.of(args[0]);
        WorkerTask task = json.readValue(taskFile.toFile(), WorkerTask.class);
        Path workDir = Path.of(task.workDir());
        int exitCode = 0;
        WorkerResult result;
        try {
            result = new TaskExecutor(new StdoutProgress(), workDir, json).execute(task);
        } catch (WorkerFailure failure) {
            result = WorkerResult.failed(failure.errorType(), failure.getMessage());
            exitCode = WorkerProtocol.EXIT_HANDLED_FAILURE;
        }
        writeAtomically(json, result, workDir.resolve(WorkerProtocol.RESULT_FILE));
        System.out.flush();
        // Engines leave non-daemon threads behind; the result is on disk, so leave now.
        System.exit(exitCode);
    }

    private static void writeAtomically(ObjectMapper json, WorkerResult result, Path target) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        json.writeValue(temp.toFile(), result);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The parent keeps our stdin open; end-of-file means the parent is gone, so stop working. */
    private static void watchLifeline(InputStream stdin) {
        Thread lifeline = new Thread(() -> {
            try {
                while (stdin.read() != -1) {
                    // nothing is ever sent; reading only detects the parent's end
                }
            } catch (IOException ignored) {
                // treated like end-of-file
            }
            Runtime.getRuntime().halt(WorkerProtocol.EXIT_PARENT_GONE);
        }, "parent-lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
    }

    /** Progress goes to stdout in the line protocol the launcher parses. */
    static final class StdoutProgress implements ProgressListener {
        @Override
        public synchronized void onProgress(double fraction, String stage) {
            System.out.println(WorkerProtocol.progressLine(fraction, stage));
            System.out.flush();
        }
    }
}
