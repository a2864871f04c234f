package dev.mcs.shared.technique;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every technique method the API accepts, gathered from the registered {@link TechniqueSpecs}. */
public final class TechniqueCatalog {

    private static final TechniqueCatalog INSTALLED = new TechniqueCatalog(ServiceLoader.load(TechniqueSpecs.class,
            TechniqueCatalog.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList());

    private final Map<MethodKey, MethodSpec> methods;

    public TechniqueCatalog(List<? extends TechniqueSpecs> providers) {
        Map<MethodKey, MethodSpec> all = new LinkedHashMap<>();
        for (TechniqueSpecs provider : providers) {
            for (MethodSpec spec : provider.methods()) {
                if (all.putIfAbsent(spec.key(), spec) != null) {
                    throw new IllegalStateException("method " + spec.key() + " is registered twice");
                }
            }
        }
        this.methods = Collections.unmodifiableMap(all);
    }

    /** The catalog of the methods on the classpath. */
    public static TechniqueCatalog installed() {
        return INSTALLED;
    }

    public List<MethodSpec> all() {
        return List.copyOf(methods.values());
    }

    public List<MethodSpec> methods(JobType technique) {
        return methods.values().stream().filter(spec -> spec.technique() == technique).toList();
    }

    /** Techniques with at least one method. */
    public List<JobType> implemented() {
        return methods.keySet().stream().map(MethodKey::technique).distinct().sorted().toList();
    }

    public Optional<MethodSpec> find(JobType technique, String method) {
        return Optional.ofNullable(methods.get(new MethodKey(technique, method)));
    }

    /**
     * Reads parameters the service stored and validated earlier. Rows written before per-method records
     * carry a {@code technique} tag and nulls for other methods' fields; both are dropped.
     */
    public MethodParams read(JobType technique, JsonNode stored, ObjectMapper json) {
        String method = stored.path("method").asString();
        MethodSpec spec = find(technique, method).orElseThrow(() -> new IllegalArgumentException(
                "no " + technique + " method '" + method + "' is installed"));
        return convert(spec, stored, json);
    }

    /**
     * The method's record from JSON {@code params}: its own fields that are present and not null; a null or
     * absent field is left for {@link MethodParams#withDefaults}.
     *
     * @throws tools.jackson.core.JacksonException when a value has the wrong type
     */
    public static MethodParams convert(MethodSpec spec, JsonNode params, ObjectMapper json) {
        ObjectNode fields = json.createObjectNode();
        List<String> known = new ArrayList<>(spec.fields());
        known.add("method");
        for (String name : known) {
            JsonNode value = params.get(name);
            if (value != null && !value.isNull()) {
                fields.set(name, value);
            }
        }
        return json.treeToValue(fields, spec.paramsType());
    }
}
