package dev.mcs.job;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.mcs.model.ModelUploaded;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Puts work on the durable queue; always called inside the transaction that writes the row. */
@Component
class JobQueue {

    private final SchedulerClient scheduler;
    private final Clock clock;

    JobQueue(SchedulerClient scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void enqueueJob(UUID jobId) {
        scheduler.schedule(QueueTasks.RUN_JOB.instance(jobId.toString()).scheduledTo(clock.instant()));
    }

    @EventListener
    void onModelUploaded(ModelUploaded event) {
        scheduler.schedule(QueueTasks.INSPECT_MODEL.instance(event.modelId().toString()).scheduledTo(clock.instant()));
    }
}
