package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;

/** Names of the db-scheduler tasks; an instance id is the job or model id. */
final class QueueTasks {

    static final TaskDescriptor<Void> RUN_JOB = TaskDescriptor.of("run-job", Void.class);
    static final TaskDescriptor<Void> INSPECT_MODEL = TaskDescriptor.of("inspect-model", Void.class);

    private QueueTasks() {}
}
