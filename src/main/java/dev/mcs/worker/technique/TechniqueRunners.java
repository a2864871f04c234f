package dev.mcs.worker.technique;

import java.util.List;

/**
 * One technique's worker-side methods, registered as a {@link java.util.ServiceLoader} provider in
 * {@code META-INF/services/dev.mcs.worker.technique.TechniqueRunners}.
 */
public interface TechniqueRunners {

    List<MethodRunner> runners();
}
