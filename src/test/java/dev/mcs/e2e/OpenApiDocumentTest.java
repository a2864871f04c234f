package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.support.Api;
import dev.mcs.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The published OpenAPI document describes each installed method's parameters, as the catalog does. */
@ServiceTest
class OpenApiDocumentTest {

    @LocalServerPort
    int port;

    JsonNode schemas;

    @BeforeEach
    void fetchTheDocument() {
        schemas = new Api(port).get("/v3/api-docs").getBody().path("components").path("schemas");
    }

    @Test
    void job_params_are_one_of_the_methods_records_with_method_as_the_discriminator() {
        JsonNode params = schemas.path("TechniqueParams");

        assertThat(params.path("discriminator").path("propertyName").asString()).isEqualTo("method");
        for (MethodSpec spec : TechniqueCatalog.installed().all()) {
            String ref = "#/components/schemas/" + spec.paramsType().getSimpleName();
            assertThat(params.path("discriminator").path("mapping").path(spec.name()).asString()).isEqualTo(ref);
            assertThat(params.path("oneOf").toString()).contains(ref);
        }
        assertThat(schemas.path("JobRequest").path("properties").path("params").path("$ref").asString())
                .isEqualTo("#/components/schemas/TechniqueParams");
    }

    @Test
    void a_job_request_documents_its_evaluation_dataset_and_the_held_out_rule() {
        JsonNode properties = schemas.path("JobRequest").path("properties");

        assertThat(properties.path("evaluationDatasetId").path("description").asString())
                .contains("instead of the held-out part");
        assertThat(properties.path("datasetId").path("description").asString()).contains("index % 5 == 4");
        assertThat(schemas.path("JobResponse").path("properties").has("evaluationDatasetId")).isTrue();
    }

    @Test
    void each_methods_schema_lists_exactly_the_fields_the_api_accepts_for_it() {
        for (MethodSpec spec : TechniqueCatalog.installed().all()) {
            JsonNode properties = schemas.path(spec.paramsType().getSimpleName()).path("properties");

            assertThat(properties.propertyNames()).as(spec.name())
                    .containsExactlyInAnyOrderElementsOf(concat("method", spec.fields()));
        }
    }

    @Test
    void each_method_names_its_job_type_and_the_defaults_the_service_fills_in_for_forms_to_show() {
        JsonNode methods = schemas.path("TechniqueParams").path("x-methods");

        for (MethodSpec spec : TechniqueCatalog.installed().all()) {
            JsonNode method = methods.path(spec.name());
            assertThat(method.path("jobType").asString()).as(spec.name()).isEqualTo(spec.technique().name());
            assertThat(method.path("defaults").isObject()).as(spec.name()).isTrue();
            assertThat(method.path("defaults").propertyNames()).as(spec.name()).isSubsetOf(spec.fields());
        }
        JsonNode staticInt8 = methods.path("static_int8").path("defaults");
        assertThat(staticInt8.path("calibration").asString()).isEqualTo("auto");
        assertThat(staticInt8.path("opTypes").toString()).isEqualTo("[\"Conv\",\"MatMul\",\"Gemm\"]");
        assertThat(methods.path("weight_only_int4").path("defaults").path("blockSize").asInt())
                .as("methods sharing one record keep their own defaults").isEqualTo(32);
        assertThat(methods.path("weight_only_int8").path("defaults").path("blockSize").asInt()).isEqualTo(128);
    }

    private static java.util.List<String> concat(String first, java.util.List<String> rest) {
        java.util.List<String> all = new java.util.ArrayList<>(rest);
        all.add(0, first);
        return all;
    }
}
