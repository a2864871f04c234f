package dev.mcs.shared.technique;

import java.util.Locale;

/** The compression techniques a job can ask for; each has its methods in the {@link TechniqueCatalog}. */
public enum JobType {
    QUANTIZE("quantization"),
    PRUNE("pruning"),
    DISTILL("distillation");

    private final String noun;

    JobType(String noun) {
        this.noun = noun;
    }

    /** The technique as a noun for messages, e.g. "quantization". */
    public String noun() {
        return noun;
    }

    /** Problem slug of a failure the technique reports, e.g. {@code quantization-failed}. */
    public String failureType() {
        return noun.toLowerCase(Locale.ROOT) + "-failed";
    }
}
