package dev.mcs.service.job;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.model.ModelStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Worker directories that a crash of the service left behind: those of job attempts whose job is no longer queued
 * or running, and of inspections whose model is no longer being inspected. For the orphan sweep.
 */
@Component
public class AbandonedAttempts {

    private static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.RUNNING);

    private final AttemptDirectories directories;
    private final JobRepository jobs;
    private final ModelService models;

    AbandonedAttempts(AttemptDirectories directories, JobRepository jobs, ModelService models) {
        this.directories = directories;
        this.jobs = jobs;
        this.models = models;
    }

    /** Removes the abandoned directories last written before {@code before}; returns how many. */
    public int remove(Instant before) throws IOException {
        return directories.removeAbandoned(AttemptDirectories.JOBS, before,
                        jobId -> jobs.existsByIdAndStatusIn(jobId, ACTIVE))
                + directories.removeAbandoned(AttemptDirectories.INSPECTIONS, before,
                        modelId -> models.find(modelId).filter(m -> m.getStatus() == ModelStatus.INSPECTING).isPresent());
    }
}
