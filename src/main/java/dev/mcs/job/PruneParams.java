package dev.mcs.job;

/**
 * Parameters of a {@link JobType#PRUNE} job. No pruning method is implemented yet; the job API
 * answers 422 for this type rather than running a no-op.
 *
 * @param method pruning method name
 */
public record PruneParams(String method) implements TechniqueParams {

    @Override
    public JobType type() {
        return JobType.PRUNE;
    }
}
