package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The job event stream is one platforms can resume: ids, a retry hint, and `done` only for a final status. */
@ServiceTest
class JobEventStreamEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    record Event(String name, String id, String data) {}

    @Test
    void a_stream_hints_its_retry_says_done_only_once_final_and_a_resumed_stream_skips_what_was_seen() throws Exception {
        Api api = new Api(port);
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        List<String> lines = new ArrayList<>();
        List<Event> events = read(jobId, null, lines);

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("retry:"));
        assertThat(events).isNotEmpty().last().extracting(Event::name).isEqualTo("done");
        for (Event event : events) {
            String status = JSON.readTree(event.data()).path("status").asString();
            assertThat(event.name()).as(status).isEqualTo(
                    List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status) ? "done" : "progress");
            assertThat(event.id()).isNotBlank();
        }
        List<Event> resumed = read(jobId, events.get(events.size() - 1).id(), new ArrayList<>());
        assertThat(resumed).as("nothing changed after the last event seen").isEmpty();
        List<Event> fresh = read(jobId, "2000-01-01T00:00:00Z", new ArrayList<>());
        assertThat(fresh).extracting(Event::name).containsExactly("done");
    }

    private List<Event> read(String jobId, String lastEventId, List<String> lines) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/jobs/" + jobId + "/events")).timeout(Duration.ofSeconds(90));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Event> events = new ArrayList<>();
        String name = null;
        String id = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    events.add(new Event(name, id, line.substring(5).trim()));
                }
            }
        }
        return events;
    }
}
