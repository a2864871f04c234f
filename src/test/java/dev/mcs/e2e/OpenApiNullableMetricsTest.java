package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.worker.evaluate.EvaluationReport;
import dev.mcs.worker.evaluate.SizeComparison;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's {@code metrics} is the worker's report as it serialized it, so every member the worker can write as
 * {@code null} must be nullable in the committed contract, or generated clients with strict types fail on it. The
 * reports are built with every boxed number left null, serialized as the worker does, and walked against the
 * {@code JobMetrics} schema.
 */
class OpenApiNullableMetricsTest {

    private static final JsonMapper WORKER_JSON = JsonMapper.builder().build();

    @Test
    void everyMetricsMemberAnOnnxEvaluationMayWriteAsNullIsNullableInTheContract() throws Exception {
        List<String> offending = offending(WORKER_JSON.valueToTree(sample(EvaluationReport.class)));

        assertThat(offending).isEmpty();
    }

    @Test
    void theSizeOnlyReportOfOtherFormatsFitsTheContractToo() throws Exception {
        assertThat(offending(WORKER_JSON.valueToTree(sample(SizeComparison.class)))).isEmpty();
    }

    @Test
    void theWalkFindsANullTheContractDoesNotAllow() throws Exception {
        JsonNode report = WORKER_JSON.readTree("{\"original\": {\"sizeBytes\": null}}");

        assertThat(offending(report)).containsExactly("original.sizeBytes");
    }

    private static List<String> offending(JsonNode report) throws Exception {
        JsonNode schemas = WORKER_JSON.readTree(Files.readString(OpenApiContractTest.SNAPSHOT))
                .path("components").path("schemas");
        List<String> found = new ArrayList<>();
        walk("", report, schemas.path("JobMetrics"), schemas, found);
        return found;
    }

    /** Collects the paths of nulls the schema does not allow and of members it does not describe. */
    private static void walk(String path, JsonNode value, JsonNode schema, JsonNode schemas, List<String> found) {
        JsonNode resolved = resolve(schema, schemas);
        value.properties().forEach(member -> {
            String at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            JsonNode property = resolved.path("properties").path(member.getKey());
            if (property.isMissingNode()) {
                found.add(at + " (not described)");
            } else if (member.getValue().isNull() && !allowsNull(property)) {
                found.add(at);
            } else if (member.getValue().isObject() && hasReference(property)) {
                walk(at, member.getValue(), property, schemas, found);
            }
        });
    }

    private static boolean allowsNull(JsonNode property) {
        for (JsonNode type : property.path("type")) {
            if (type.asString().equals("null")) {
                return true;
            }
        }
        for (JsonNode option : property.path("anyOf")) {
            if (option.path("type").asString("").equals("null")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasReference(JsonNode property) {
        return property.has("$ref") || property.path("anyOf").path(0).has("$ref");
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.has("$ref") ? schema.path("$ref").asString()
                : schema.path("anyOf").path(0).path("$ref").asString("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** A record with every boxed number null, every primitive 1, every string "x" and every nested record sampled. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(types[i]);
        }
        var constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(Class<?> type) throws Exception {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == double.class) {
            return 1.0;
        } else if (type == boolean.class) {
            return true;
        } else if (type == String.class) {
            return "x";
        } else if (type.isRecord()) {
            return sample(type);
        } else if (List.class.isAssignableFrom(type)) {
            return List.of();
        } else if (Map.class.isAssignableFrom(type)) {
            return Map.of();
        }
        return null;
    }
}
