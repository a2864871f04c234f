package dev.mcs.worker.prune.structured;

import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.List;

/**
 * A trace's units meet tensors from outside the group at element-wise nodes: a residual stream, maybe, whose other
 * writers {@link ResidualStreams} looks for behind {@link #tensors}.
 */
final class MeetsOutside extends NotPrunable {

    private final List<String> tensors;

    MeetsOutside(String message, List<String> tensors) {
        super(message);
        this.tensors = List.copyOf(tensors);
    }

    /** The other operands of the element-wise nodes where the units wait. */
    List<String> tensors() {
        return tensors;
    }
}
