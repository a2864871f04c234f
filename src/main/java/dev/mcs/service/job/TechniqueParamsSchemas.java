package dev.mcs.service.job;

import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Documents {@code params} as what the catalog says it is: one schema per method's parameter record,
 * joined by {@code oneOf} with {@code method} as the discriminator. A new method shows up here by being
 * registered, with no edit to the job API.
 */
@Component
class TechniqueParamsSchemas implements OpenApiCustomizer {

    static final String PARAMS_SCHEMA = "TechniqueParams";
    private static final String REF_PREFIX = "#/components/schemas/";

    /** The extension on {@code TechniqueParams} that describes each method for clients that build forms. */
    static final String METHODS_EXTENSION = "x-methods";

    private final TechniqueCatalog catalog;
    private final ObjectMapper json;

    TechniqueParamsSchemas(TechniqueCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (MethodSpec spec : catalog.all()) {
            Map<String, Schema> read = ModelConverters.getInstance(true).readAll(new AnnotatedType(spec.paramsType()));
            read.values().forEach(TechniqueParamsSchemas::optionalListsMayBeNull);
            read.forEach(schemas::putIfAbsent);
            mapping.put(spec.name(), REF_PREFIX + spec.paramsType().getSimpleName());
        }
        mapping.forEach((name, ref) -> methodNames(schemas.get(ref.substring(REF_PREFIX.length())), mapping, ref));
        Schema<Object> params = new Schema<>();
        params.setOneOf(mapping.values().stream().distinct().map(ref -> (Schema) new Schema<>().$ref(ref)).toList());
        params.setDiscriminator(new Discriminator().propertyName("method").mapping(mapping));
        params.setDescription("The method's parameters: `method` plus only that method's options (others are a 400"
                + " listing the valid ones). Methods per job type: " + methodsByType() + "; see docs/quantization.md."
                + " `x-methods` names each method's job type, accepted model formats, summary and the values the"
                + " service fills in for fields left out (`defaults`; fields whose default depends on the model or"
                + " dataset are absent there).");
        params.addExtension(METHODS_EXTENSION, methodDescriptions());
        schemas.put(PARAMS_SCHEMA, params);
        for (String owner : List.of("JobRequest", "JobResponse")) {
            Schema<?> schema = schemas.get(owner);
            if (schema != null && schema.getProperties() != null && schema.getProperties().containsKey("params")) {
                schema.getProperties().put("params", new Schema<>().$ref(REF_PREFIX + PARAMS_SCHEMA));
            }
        }
    }

    /**
     * An optional list left out or null takes the method's default, while an empty one is a choice (and an empty
     * {@code opTypes} is refused). Saying so makes generated clients leave unset lists out instead of sending [].
     */
    private static void optionalListsMayBeNull(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            boolean list = "array".equals(property.getType())
                    || (property.getTypes() != null && property.getTypes().contains("array"));
            if (list && !required.contains(name)) {
                property.setTypes(new java.util.LinkedHashSet<>(List.of("array", "null")));
            }
        });
    }

    /**
     * {@code method} lists exactly the names that select this record, whatever the record declares: a client that
     * tries each {@code oneOf} member in turn then matches one member only. The discriminator is always required.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void methodNames(Schema<?> schema, Map<String, String> mapping, String ref) {
        if (schema == null || schema.getProperties() == null || !schema.getProperties().containsKey("method")) {
            return;
        }
        List<String> names = mapping.entrySet().stream().filter(e -> e.getValue().equals(ref)).map(Map.Entry::getKey)
                .toList();
        Schema method = schema.getProperties().get("method");
        method.setEnum(new java.util.ArrayList<>(names));
        if (schema.getRequired() == null || !schema.getRequired().contains("method")) {
            schema.addRequiredItem("method");
        }
    }

    private Map<String, Object> methodDescriptions() {
        Map<String, Object> methods = new LinkedHashMap<>();
        for (MethodSpec spec : catalog.all()) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("jobType", spec.technique().name());
            method.put("inputFormats", spec.inputFormats().stream().map(Enum::name).sorted().toList());
            method.put("summary", spec.summary());
            method.put("defaults", defaults(spec));
            methods.put(spec.name(), method);
        }
        return methods;
    }

    /** What a request naming only the method gets; a method whose defaults need a required field has none here. */
    private Map<String, Object> defaults(MethodSpec spec) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            JsonNode tree = json.valueToTree(spec.defaults());
            for (Map.Entry<String, JsonNode> field : tree.properties()) {
                if (!field.getKey().equals("method") && !field.getValue().isNull()) {
                    values.put(field.getKey(), json.treeToValue(field.getValue(), Object.class));
                }
            }
        } catch (RuntimeException e) {
            // e.g. distill: its defaults depend on the required student; the form then shows the descriptions only
            return Map.of();
        }
        return values;
    }

    private Map<String, List<String>> methodsByType() {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (MethodSpec spec : catalog.all()) {
            byType.computeIfAbsent(spec.technique().name(), t -> new java.util.ArrayList<>()).add(spec.name());
        }
        return byType;
    }
}
