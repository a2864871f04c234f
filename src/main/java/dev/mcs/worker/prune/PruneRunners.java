package dev.mcs.worker.prune;

import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueRunners;
import java.util.List;

/** The PRUNE methods, worker side; their API side is {@code dev.mcs.shared.technique.prune}. */
public final class PruneRunners implements TechniqueRunners {

    @Override
    public List<MethodRunner> runners() {
        return List.of(new StructuredMethod(), new MaskMethod(MaskMethod.Kind.MAGNITUDE),
                new MaskMethod(MaskMethod.Kind.WANDA));
    }
}
