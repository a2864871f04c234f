package dev.mcs.service.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.annotation.Nullable;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/**
 * Marks {@link Nullable} properties that refer to another schema as nullable in OpenAPI 3.1 terms:
 * {@code anyOf: [{$ref}, {type: null}]}. swagger-core already turns a {@code @Nullable} scalar into
 * {@code type: [string, "null"]}, but leaves a {@code $ref} as it is, which would promise an object where the API
 * sends {@code null} (a job's {@code metrics} before it succeeds, a model's {@code inspection} while inspecting).
 */
@Component
class NullableReferences implements PropertyCustomizer, OpenApiCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null || property.get$ref() == null || !isNullable(type.getCtxAnnotations())) {
            return property;
        }
        Schema nullable = new JsonSchema().anyOf(List.of(new JsonSchema().$ref(property.get$ref()),
                new JsonSchema().types(Set.of("null"))));
        nullable.setDescription(property.getDescription());
        return nullable;
    }

    /**
     * swagger-core applies an explicit {@code @Schema(ref)} (a {@code JsonNode} documented as another schema) after
     * the customizer, beside the anyOf: that reference replaces the one the anyOf took from the Java type.
     */
    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        for (Schema<?> schema : schemas.values()) {
            if (schema.getProperties() != null) {
                schema.getProperties().values().stream().filter(p -> p.get$ref() != null && p.getAnyOf() != null)
                        .forEach(NullableReferences::moveReference);
            }
        }
    }

    private static void moveReference(Schema<?> property) {
        ((Schema<?>) property.getAnyOf().get(0)).set$ref(property.get$ref());
        property.set$ref(null);
    }

    private static boolean isNullable(Annotation[] annotations) {
        return annotations != null && List.of(annotations).stream().anyMatch(a -> a.annotationType() == Nullable.class);
    }
}
