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

/**
 * Documents {@code params} as what the catalog says it is: one schema per method's parameter record,
 * joined by {@code oneOf} with {@code method} as the discriminator. A new method shows up here by being
 * registered, with no edit to the job API.
 */
@Component
class TechniqueParamsSchemas implements OpenApiCustomizer {

    static final String PARAMS_SCHEMA = "TechniqueParams";
    private static final String REF_PREFIX = "#/components/schemas/";

    private final TechniqueCatalog catalog;

    TechniqueParamsSchemas(TechniqueCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (MethodSpec spec : catalog.all()) {
            Map<String, Schema> read = ModelConverters.getInstance(true).readAll(new AnnotatedType(spec.paramsType()));
            read.forEach(schemas::putIfAbsent);
            mapping.put(spec.name(), REF_PREFIX + spec.paramsType().getSimpleName());
        }
        Schema<Object> params = new Schema<>();
        params.setOneOf(mapping.values().stream().distinct().map(ref -> (Schema) new Schema<>().$ref(ref)).toList());
        params.setDiscriminator(new Discriminator().propertyName("method").mapping(mapping));
        params.setDescription("The method's parameters: `method` plus only that method's options (others are a 400"
                + " listing the valid ones). Methods per job type: " + methodsByType() + "; see docs/quantization.md");
        schemas.put(PARAMS_SCHEMA, params);
        for (String owner : List.of("JobRequest", "JobResponse")) {
            Schema<?> schema = schemas.get(owner);
            if (schema != null && schema.getProperties() != null && schema.getProperties().containsKey("params")) {
                schema.getProperties().put("params", new Schema<>().$ref(REF_PREFIX + PARAMS_SCHEMA));
            }
        }
    }

    private Map<String, List<String>> methodsByType() {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (MethodSpec spec : catalog.all()) {
            byType.computeIfAbsent(spec.technique().name(), t -> new java.util.ArrayList<>()).add(spec.name());
        }
        return byType;
    }
}
