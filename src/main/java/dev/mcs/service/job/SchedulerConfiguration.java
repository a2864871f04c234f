package dev.mcs.service.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires db-scheduler's core by hand: its Boot 3 starter creates no beans on Boot 4. The scheduler
 * talks to a transaction-aware proxy of the DataSource, so scheduling joins the caller's JPA
 * transaction and a rolled-back job leaves no task behind. db-scheduler must never commit itself
 * ({@code commitWhenAutocommitDisabled} stays off): inside a JPA transaction that would commit the
 * task before the model or job row is flushed, and a runner polling in between found no row, removed
 * the task and left the model INSPECTING for good.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    @Bean
    List<Task<?>> queueTasks(JobRunner jobRunner, InspectionRunner inspectionRunner) {
        Task<Void> runJob = Tasks.custom(QueueTasks.RUN_JOB)
                .onFailureReschedule(FixedDelay.of(Duration.ofSeconds(5)))
                .execute((instance, context) -> jobRunner.run(java.util.UUID.fromString(instance.getId())));
        Task<Void> inspect = Tasks.custom(QueueTasks.INSPECT_MODEL)
                .execute((instance, context) -> inspectionRunner.run(java.util.UUID.fromString(instance.getId())));
        return List.of(runJob, inspect);
    }

    @Bean
    SchedulerClient schedulerClient(DataSource dataSource, List<Task<?>> queueTasks, SchedulerProperties properties,
            org.springframework.beans.factory.ObjectProvider<MaintenanceTask> maintenance) {
        DataSource transactional = new TransactionAwareDataSourceProxy(dataSource);
        if (!properties.enabled()) {
            return SchedulerClient.Builder.create(transactional, queueTasks).build();
        }
        return Scheduler.create(transactional, queueTasks)
                .startTasks(maintenance.orderedStream().<RecurringTask<?>>map(MaintenanceTask::task).toList())
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeatInterval())
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    @Bean
    SchedulerLifecycle schedulerLifecycle(SchedulerClient client) {
        return new SchedulerLifecycle(client instanceof Scheduler scheduler ? scheduler : null);
    }
}
