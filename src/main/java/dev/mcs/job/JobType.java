package dev.mcs.job;

/** The compression techniques a job can ask for. */
public enum JobType {
    QUANTIZE,
    PRUNE,
    DISTILL
}
