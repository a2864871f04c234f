package dev.mcs.service.job;

import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The per-tenant limit on waiting jobs, checked when a job is submitted. */
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
    void requireQueueRoom(UUID owner) {
        int allowed = tenants.lock(owner).queuedJobs();
        long queued = jobs.countByTenantIdAndStatus(owner, JobStatus.QUEUED);
        if (queued >= allowed) {
            throw new ApiException(ProblemType.JOB_QUOTA_EXCEEDED, "the tenant has " + queued + " queued jobs, its"
                    + " limit; submit again when one has started or been cancelled",
                    Map.of("queuedJobs", queued, "limit", allowed));
        }
    }
}
