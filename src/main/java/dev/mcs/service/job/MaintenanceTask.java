package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

/**
 * Periodic housekeeping run by the job scheduler (one instance of a cluster runs each execution). Not a
 * {@code Task} bean itself, so it never mixes with the queue's job and inspection tasks.
 */
public interface MaintenanceTask {

    RecurringTask<?> task();
}
