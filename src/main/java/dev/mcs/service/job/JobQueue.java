package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.mcs.service.model.ModelUploaded;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts work on the durable queue; always called inside the transaction that writes the row, so the
 * task exists exactly when the row does. The local scheduler is woken only after the commit:
 * db-scheduler's own immediate execution would pick the task up on the still-open transaction's
 * connection, before the job or model row is visible to the runner.
 */
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
        wakeAfterCommit();
    }

    @EventListener
    void onModelUploaded(ModelUploaded event) {
        scheduler.schedule(QueueTasks.INSPECT_MODEL.instance(event.modelId().toString()).scheduledTo(clock.instant()));
        wakeAfterCommit();
    }

    private void wakeAfterCommit() {
        if (!(scheduler instanceof Scheduler local) || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                local.triggerCheckForDueExecutions();
            }
        });
    }
}
