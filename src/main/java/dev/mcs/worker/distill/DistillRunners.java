package dev.mcs.worker.distill;

import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueRunners;
import java.util.List;

/** The DISTILL methods, worker side; their API side is {@code dev.mcs.shared.technique.distill}. */
public final class DistillRunners implements TechniqueRunners {

    @Override
    public List<MethodRunner> runners() {
        return List.of(new DistillMethod());
    }
}
