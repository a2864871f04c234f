package dev.mcs.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls the process table while a fault battery runs and remembers every moment at which one job had two live
 * worker processes: two attempts of one job must never overlap, whatever was killed.
 */
final class WorkerWatch implements AutoCloseable {

    private static final Pattern JOB = Pattern.compile("work/jobs/([0-9a-f-]{36})/");

    private final String storage;
    private final Set<String> overlaps = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    WorkerWatch(java.nio.file.Path storage) {
        this.storage = storage.toAbsolutePath().toString();
        this.thread = new Thread(this::watch, "worker-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Job ids that had two workers at once, with the pids seen. */
    Set<String> overlaps() {
        return Set.copyOf(overlaps);
    }

    /**
     * Live job workers of this battery's storage root, found by their {@code java.io.tmpdir} inside their attempt
     * directory: the JDK reads only the first page of a command line, and the classpath before the main class is
     * longer than that.
     */
    List<ProcessHandle> workers() {
        String marker = storage + "/work/jobs/";
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList();
    }

    private void watch() {
        while (running) {
            Map<String, Long> firstPid = new HashMap<>();
            for (ProcessHandle worker : workers()) {
                Matcher job = JOB.matcher(worker.info().commandLine().orElse(""));
                if (job.find()) {
                    Long other = firstPid.putIfAbsent(job.group(1), worker.pid());
                    if (other != null && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)
                            && worker.isAlive()) {
                        overlaps.add(job.group(1) + " pids " + other + ", " + worker.pid());
                    }
                }
            }
            dev.mcs.support.Api.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
