package dev.mcs.service.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Job queue settings.
 *
 * @param enabled whether this instance runs jobs (false for an API-only instance)
 * @param threads jobs and inspections run at the same time by this instance
 * @param pollingInterval how often the queue table is checked for due work from other instances
 * @param heartbeatInterval how often a running job proves its runner is alive; a runner silent for
 *     six intervals is considered dead and its job is recovered
 */
@ConfigurationProperties("mcs.scheduler")
public record SchedulerProperties(boolean enabled, int threads, Duration pollingInterval, Duration heartbeatInterval) {}
