package dev.mcs.service.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The job state machine. Every status change goes through {@link #canMoveTo}. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            // RUNNING -> QUEUED is a retry after a crashed or timed-out attempt.
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }
}
