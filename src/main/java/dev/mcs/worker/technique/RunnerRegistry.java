package dev.mcs.worker.technique;

import dev.mcs.shared.technique.MethodKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** Every method a worker can apply, gathered from the registered {@link TechniqueRunners}. */
public final class RunnerRegistry {

    private final Map<MethodKey, MethodRunner> runners;

    public RunnerRegistry(List<? extends TechniqueRunners> providers) {
        Map<MethodKey, MethodRunner> all = new LinkedHashMap<>();
        for (TechniqueRunners provider : providers) {
            for (MethodRunner runner : provider.runners()) {
                if (all.putIfAbsent(runner.key(), runner) != null) {
                    throw new IllegalStateException("method " + runner.key() + " has two runners");
                }
            }
        }
        this.runners = Collections.unmodifiableMap(all);
    }

    /** The runners on the classpath; loaded anew so that each caller gets fresh, unshared instances. */
    public static RunnerRegistry installed() {
        return new RunnerRegistry(ServiceLoader.load(TechniqueRunners.class, RunnerRegistry.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList());
    }

    public Optional<MethodRunner> find(MethodKey key) {
        return Optional.ofNullable(runners.get(key));
    }

    public Set<MethodKey> keys() {
        return runners.keySet();
    }
}
