package dev.mcs.service.job;

import dev.mcs.service.tenant.OverConcurrency;
import dev.mcs.service.tenant.TenantLimits;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The per-tenant limits on waiting and unfinished jobs, checked when a job is submitted. */
@Component
class JobQuota {

    private final JobRepository jobs;
    private final TenantService tenants;

    JobQuota(JobRepository jobs, TenantService tenants) {
        this.jobs = jobs;
        this.tenants = tenants;
    }

    /**
     * Inside the submission's transaction, under the tenant row's lock, so that two submissions of one tenant cannot
     * both take the last place.
     */
    void requireRoom(UUID owner) {
        TenantLimits limits = tenants.lock(owner);
        long queued = jobs.countByTenantIdAndStatus(owner, JobStatus.QUEUED);
        if (queued >= limits.queuedJobs()) {
            throw new ApiException(ProblemType.JOB_QUOTA_EXCEEDED, "the tenant has " + queued + " queued jobs, its"
                    + " limit; submit again when one has started or been cancelled",
                    Map.of("queuedJobs", queued, "limit", limits.queuedJobs()));
        }
        if (tenants.overConcurrentJobs() == OverConcurrency.REJECT) {
            requireIdleSlot(owner, queued, limits.concurrentJobs());
        }
    }

    /** Queued jobs count too: each of them would take a slot before a new one could. */
    private void requireIdleSlot(UUID owner, long queued, int allowed) {
        long unfinished = queued + jobs.countByTenantIdAndStatus(owner, JobStatus.RUNNING);
        if (unfinished >= allowed) {
            long retryAfter = Math.max(1, tenants.busyRetryAfter().toSeconds());
            throw new ApiException(ProblemType.JOB_QUOTA_EXCEEDED, "the tenant has " + unfinished + " unfinished"
                    + " jobs and may run " + allowed + " at once; submit again when one has ended",
                    Map.of("unfinishedJobs", unfinished, "limit", allowed, "retryAfterSeconds", retryAfter));
        }
    }
}
