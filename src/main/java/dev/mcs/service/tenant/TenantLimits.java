package dev.mcs.service.tenant;

/**
 * The limits in force for one tenant: its overrides, else the configured defaults.
 *
 * @param storageBytes bytes of models and datasets it may store
 * @param concurrentJobs jobs that may run at once
 * @param queuedJobs jobs that may wait in the queue
 * @param requestsPerSecond sustained requests per second
 * @param burst requests it may make at once after a quiet period
 */
public record TenantLimits(long storageBytes, int concurrentJobs, int queuedJobs, int requestsPerSecond, int burst) {

    static TenantLimits of(LimitOverrides own, QuotaProperties defaults) {
        int rate = own.requestsPerSecond() != null ? own.requestsPerSecond() : defaults.requestsPerSecond();
        return new TenantLimits(
                own.storageBytes() != null ? own.storageBytes() : defaults.storageBytes().toBytes(),
                own.concurrentJobs() != null ? own.concurrentJobs() : defaults.concurrentJobs(),
                own.queuedJobs() != null ? own.queuedJobs() : defaults.queuedJobs(),
                rate, Math.max(1, (int) Math.round(rate * defaults.burstSeconds())));
    }
}
