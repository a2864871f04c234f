package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.context.SmartLifecycle;

/** Starts the scheduler once the context (and with it Flyway) is ready, and stops it first on shutdown. */
class SchedulerLifecycle implements SmartLifecycle {

    private final Scheduler scheduler;
    private volatile boolean running;

    SchedulerLifecycle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        if (scheduler != null) {
            scheduler.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stop before the web server and the DataSource go away.
        return Integer.MAX_VALUE - 1000;
    }
}
