package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Refusals Spring makes before any controller runs carry stable problem types, as the controllers' own do. */
@ServiceTest
class ProtocolProblemsEndToEndTest {

    private static final String BASE = "https://model-compression-service.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void an_unknown_url_is_not_found() throws Exception {
        assertProblem(send("GET", "/api/v1/nothing-here", null, null, null), 404, "not-found");
    }

    @Test
    void a_method_the_resource_lacks_is_method_not_allowed() throws Exception {
        assertProblem(send("DELETE", "/api/v1/jobs", null, null, null), 405, "method-not-allowed");
    }

    @Test
    void an_accept_header_no_representation_meets_is_not_acceptable() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/jobs/" + UUID.randomUUID() + "/events", null, null,
                "image/png");
        assertThat(response.statusCode()).isEqualTo(406);
    }

    @Test
    void a_body_of_a_media_type_the_operation_does_not_take_is_unsupported_media_type() throws Exception {
        assertProblem(send("POST", "/api/v1/jobs", "text/plain", "hello", null), 415, "unsupported-media-type");
    }

    @Test
    void an_unknown_top_level_field_lists_the_valid_ones() throws Exception {
        String body = "{\"modelId\":\"" + UUID.randomUUID() + "\",\"type\":\"QUANTIZE\",\"bogus\":1}";
        JsonNode problem = assertProblem(send("POST", "/api/v1/jobs", "application/json", body, null), 400,
                "unknown-parameter");
        assertThat(problem.path("field").asString()).isEqualTo("bogus");
        assertThat(problem.path("validParameters").valueStream().map(JsonNode::asString))
                .contains("modelId", "type", "params", "datasetId", "evaluationDatasetId");
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo(BASE + slug);
        return problem;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String accept)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
