package dev.mcs.worker.technique;

import dev.mcs.shared.technique.MethodKey;
import java.io.IOException;

/**
 * The worker side of one technique method: applies it to a model. Matched to its API-side
 * {@link dev.mcs.shared.technique.MethodSpec} by {@link #key()}; a test fails when the two registries
 * disagree.
 */
public interface MethodRunner {

    MethodKey key();

    /**
     * Writes the compressed model to {@code run.output()}.
     *
     * @return a JSON-serializable summary of what the method did, reported as {@code metrics.technique}
     */
    Record apply(MethodRun run) throws IOException, TechniqueException;
}
