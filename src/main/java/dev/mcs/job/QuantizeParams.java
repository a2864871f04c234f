package dev.mcs.job;

/**
 * Parameters of a {@link JobType#QUANTIZE} job.
 *
 * @param method quantization method, e.g. {@code dynamic_int8}
 */
public record QuantizeParams(String method) implements TechniqueParams {

    @Override
    public JobType type() {
        return JobType.QUANTIZE;
    }
}
