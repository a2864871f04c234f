package dev.mcs.job;

/**
 * Parameters of a {@link JobType#DISTILL} job. No distillation method is implemented yet; the job
 * API answers 422 for this type rather than running a no-op.
 *
 * @param method distillation method name
 */
public record DistillParams(String method) implements TechniqueParams {

    @Override
    public JobType type() {
        return JobType.DISTILL;
    }
}
