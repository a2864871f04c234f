package dev.mcs.shared.technique;

import java.util.List;

/**
 * One technique's methods, registered as a {@link java.util.ServiceLoader} provider in
 * {@code META-INF/services/dev.mcs.shared.technique.TechniqueSpecs}: adding a technique adds a provider
 * and its package, nothing in the job or worker code.
 */
public interface TechniqueSpecs {

    /** The technique's methods, in the order documentation lists them. */
    List<MethodSpec> methods();
}
