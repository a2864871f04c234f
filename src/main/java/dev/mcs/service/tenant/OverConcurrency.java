package dev.mcs.service.tenant;

/** What a job submission meets while its tenant already has as many unfinished jobs as it may run at once. */
public enum OverConcurrency {
    /** The job is accepted and waits QUEUED until one of the tenant's jobs ends (up to the queued-jobs limit). */
    QUEUE,
    /** The submission is refused: 429 {@code job-quota-exceeded} with {@code Retry-After}. */
    REJECT
}
