package dev.mcs.service.job;

import dev.mcs.service.tenant.Tenant;
import dev.mcs.shared.technique.JobType;
import java.time.Instant;
import java.util.UUID;

/** Jobs in the states the repository tests need. */
final class JobFixtures {

    static final String QUANTIZE_PARAMS = "{\"technique\": \"QUANTIZE\", \"bits\": 8, \"perChannel\": true}";

    private JobFixtures() {}

    static Job queued(UUID modelId, Instant createdAt) {
        return queued(UUID.randomUUID(), modelId, createdAt);
    }

    static Job queued(UUID id, UUID modelId, Instant createdAt) {
        return new Job(id, Tenant.DEFAULT_ID, modelId, null, JobType.QUANTIZE, QUANTIZE_PARAMS, 3, createdAt);
    }

    static Job inStatus(UUID modelId, JobStatus status, Instant createdAt) {
        Job job = queued(modelId, createdAt);
        switch (status) {
            case QUEUED -> { }
            case RUNNING -> job.moveTo(JobStatus.RUNNING, createdAt.plusSeconds(1));
            case SUCCEEDED, FAILED -> {
                job.moveTo(JobStatus.RUNNING, createdAt.plusSeconds(1));
                job.moveTo(status, createdAt.plusSeconds(2));
            }
            case CANCELLED -> job.moveTo(JobStatus.CANCELLED, createdAt.plusSeconds(1));
        }
        return job;
    }
}
