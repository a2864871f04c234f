package dev.mcs.service.sweep;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.mcs.service.job.MaintenanceTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sweep as a db-scheduler recurring task: in a cluster, one instance runs each sweep. */
@Configuration(proxyBeanMethods = false)
class SweepConfiguration {

    @Bean
    MaintenanceTask orphanSweepTask(OrphanSweep sweep, SweepProperties properties) {
        RecurringTask<Void> task = Tasks.recurring("orphan-sweep", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> {
                    try {
                        sweep.sweep();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return () -> task;
    }
}
