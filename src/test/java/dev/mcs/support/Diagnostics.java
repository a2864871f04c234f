package dev.mcs.support;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a test prints when it gave up waiting: the runner threads of an in-process service (where they wait) and
 * the live worker processes, so a stuck job or inspection can be explained from the build log alone.
 */
final class Diagnostics {

    private Diagnostics() {}

    static String snapshot() {
        StringBuilder out = new StringBuilder("=== diagnostics: runner threads ===\n");
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            String name = thread.getKey().getName();
            if (name.startsWith("pool-") || name.startsWith("db-scheduler") || name.startsWith("worker-")) {
                out.append(name).append(' ').append(thread.getKey().getState()).append('\n');
                for (StackTraceElement frame : thread.getValue()) {
                    out.append("    at ").append(frame).append('\n');
                }
            }
        }
        out.append("=== diagnostics: worker processes ===\n");
        out.append(ProcessHandle.current().descendants().map(p -> p.pid() + " alive=" + p.isAlive() + " "
                + p.info().commandLine().orElse("?").replaceAll(" -cp \\\\S+", " -cp …"))
                .collect(Collectors.joining("\n")));
        return out.toString();
    }
}
