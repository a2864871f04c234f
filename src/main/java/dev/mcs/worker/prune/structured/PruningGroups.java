package dev.mcs.worker.prune.structured;

/** The kinds of groups, as {@code params.groups} names them. */
final class PruningGroups {

    static final String CHANNELS = "channels";
    static final String FFN = "ffn";
    static final String HEADS = "heads";

    private PruningGroups() {}
}
