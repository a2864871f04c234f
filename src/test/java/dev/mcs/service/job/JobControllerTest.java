package dev.mcs.service.job;

import dev.mcs.service.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.technique.JobType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

// Authentication is tested end to end (security tests); these slices test the controllers alone.
@WebMvcTest(JobController.class)
@AutoConfigureMockMvc(addFilters = false)
class JobControllerTest {

    private static final String JOBS = "/api/v1/jobs";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String PARAMS_JSON = "{\"technique\":\"QUANTIZE\",\"method\":\"dynamic_int8\"}";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    JobService jobs;

    @MockitoBean
    JobEventStream events;

    // --- submit ---------------------------------------------------------------------------------

    @Test
    void submitAnswers202WithLocationAndTheQueuedJob() {
        Job job = job(UUID.randomUUID());
        when(jobs.submit(any(), isNull())).thenReturn(new JobService.Submission(job, false));

        MvcTestResult result = submit(body(job.getModelId().toString(), "QUANTIZE", "{\"method\":\"dynamic_int8\"}", null));

        assertThat(result).hasStatus(202).hasHeader(HttpHeaders.LOCATION, JOBS + "/" + job.getId())
                .hasHeader("Idempotent-Replayed", "false");
        assertThat(result).bodyJson().extractingPath("$.id").asString().isEqualTo(job.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.modelId").asString().isEqualTo(job.getModelId().toString());
        assertThat(result).bodyJson().extractingPath("$.status").asString().isEqualTo("QUEUED");
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo("QUANTIZE");
        assertThat(result).bodyJson().extractingPath("$.params.method").asString().isEqualTo("dynamic_int8");
        assertThat(result).bodyJson().extractingPath("$.attempt").asNumber().isEqualTo(0);
        assertThat(result).bodyJson().extractingPath("$.maxAttempts").asNumber().isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.createdAt").asString().isEqualTo(NOW.toString());
    }

    @Test
    void submitHandsTheParsedRequestToTheService() {
        UUID modelId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        when(jobs.submit(any(), any())).thenReturn(new JobService.Submission(job(modelId), false));

        submit(body(modelId.toString(), "QUANTIZE", "{\"method\":\"dynamic_int8\"}", datasetId.toString()));

        ArgumentCaptor<JobRequest> request = ArgumentCaptor.forClass(JobRequest.class);
        verify(jobs).submit(request.capture(), isNull());
        assertThat(request.getValue().modelId()).isEqualTo(modelId);
        assertThat(request.getValue().datasetId()).isEqualTo(datasetId);
        assertThat(request.getValue().type()).isEqualTo(JobType.QUANTIZE);
        assertThat(request.getValue().params().path("method").asString()).isEqualTo("dynamic_int8");
    }

    @Test
    void theIdempotencyKeyIsPassedToTheServiceAndAReplayIsFlagged() {
        Job job = job(UUID.randomUUID());
        when(jobs.submit(any(), eq("order-42"))).thenReturn(new JobService.Submission(job, true));

        MvcTestResult result = mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "order-42")
                .content(body(job.getModelId().toString(), "QUANTIZE", "{\"method\":\"dynamic_int8\"}", null))
                .exchange();

        assertThat(result).hasStatus(202).hasHeader("Idempotent-Replayed", "true")
                .hasHeader(HttpHeaders.LOCATION, JOBS + "/" + job.getId());
        verify(jobs).submit(any(), eq("order-42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"modelId\": ", "{\"modelId\" \"x\"}", "not json", "{\"type\":\"QUANTIZE\",}"})
    void malformedJsonIsA400Problem(String content) {
        MvcTestResult result = submit(content);

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("malformed JSON");
        verifyNoInteractions(jobs);
    }

    @Test
    void anEmptyBodyIsA400Problem() {
        MvcTestResult result = mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("missing");
        verifyNoInteractions(jobs);
    }

    @Test
    void anUnknownTopLevelFieldIsRefusedNamingItAndTheValidOnes() {
        String content = "{\"modelId\":\"" + UUID.randomUUID() + "\",\"type\":\"QUANTIZE\","
                + "\"params\":{\"method\":\"dynamic_int8\"},\"priority\":5}";

        MvcTestResult result = submit(content);

        assertProblem(result, ProblemType.UNKNOWN_PARAMETER);
        assertThat(result).bodyJson().extractingPath("$.type").asString()
                .isEqualTo("https://model-compression-service.dev/problems/unknown-parameter");
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("priority");
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .contains("'priority'").contains("datasetId, evaluationDatasetId, modelId, params, type");
        verifyNoInteractions(jobs);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"modelId\": 5, \"type\": \"QUANTIZE\"}                                          | modelId",
        "{\"modelId\": \"not-a-uuid\", \"type\": \"QUANTIZE\"}                            | modelId",
        "{\"modelId\": \"6f1c2a1e-0000-4000-8000-000000000001\", \"type\": \"SHRINK\"}     | type",
        "{\"modelId\": \"6f1c2a1e-0000-4000-8000-000000000001\", \"type\": [\"QUANTIZE\"]} | type",
        "{\"modelId\": \"6f1c2a1e-0000-4000-8000-000000000001\", \"type\": \"QUANTIZE\", \"datasetId\": true} | datasetId"
    })
    void aFieldOfTheWrongTypeIsA400ProblemNamingIt(String content, String field) {
        MvcTestResult result = submit(content);

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo(field);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'" + field + "'");
        verifyNoInteractions(jobs);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"QUANTIZE\", \"params\": {\"method\": \"dynamic_int8\"}}",
        "{\"modelId\": null, \"type\": \"QUANTIZE\"}",
        "{\"modelId\": \"6f1c2a1e-0000-4000-8000-000000000001\"}"
    })
    void aMissingRequiredFieldIsRefusedWith400(String content) {
        MvcTestResult result = submit(content);

        assertThat(result).hasStatus(400);
        verifyNoInteractions(jobs);
    }

    @Test
    void aMissingModelIdIsA400ProblemNamingTheField() {
        MvcTestResult result = submit("{\"type\": \"QUANTIZE\", \"params\": {\"method\": \"dynamic_int8\"}}");

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("modelId");
    }

    @Test
    void aRequestRefusedByTheServiceIsAProblemWithItsExtensionMembers() {
        when(jobs.submit(any(), any())).thenThrow(new ApiException(ProblemType.UNKNOWN_METHOD,
                "unknown quantization method 'int3'", java.util.Map.of("field", "params.method",
                        "validValues", List.of("dynamic_int8", "static_int8"))));

        MvcTestResult result = submit(body(UUID.randomUUID().toString(), "QUANTIZE", "{\"method\":\"int3\"}", null));

        assertProblem(result, ProblemType.UNKNOWN_METHOD);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("params.method");
        assertThat(result).bodyJson().extractingPath("$.validValues").asArray().containsExactly("dynamic_int8", "static_int8");
    }

    @Test
    void aSubmissionRefusedForTheTenantsRunningJobsIsA429WithRetryAfter() {
        when(jobs.submit(any(), any())).thenThrow(new ApiException(ProblemType.JOB_QUOTA_EXCEEDED,
                "the tenant has 2 unfinished jobs and may run 2 at once", java.util.Map.of("unfinishedJobs", 2,
                        "limit", 2, "retryAfterSeconds", 30)));

        MvcTestResult result = submit(body(UUID.randomUUID().toString(), "QUANTIZE", "{\"method\":\"dynamic_int8\"}", null));

        assertProblem(result, ProblemType.JOB_QUOTA_EXCEEDED);
        assertThat(result).hasStatus(429).hasHeader(HttpHeaders.RETRY_AFTER, "30");
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIsA422Problem() {
        when(jobs.submit(any(), eq("k"))).thenThrow(new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key 'k' was already used for a different request"));

        MvcTestResult result = mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "k")
                .content(body(UUID.randomUUID().toString(), "QUANTIZE", "{\"method\":\"dynamic_int8\"}", null)).exchange();

        assertProblem(result, ProblemType.IDEMPOTENCY_KEY_REUSED);
    }

    // --- get, list, cancel ----------------------------------------------------------------------

    @Test
    void getShowsAFinishedJobWithMetricsAndOutput() {
        Job job = job(UUID.randomUUID());
        job.moveTo(JobStatus.RUNNING, NOW.plusSeconds(1));
        UUID output = UUID.randomUUID();
        job.succeed(output, "{\"ratios\":{\"size\":0.26}}");
        job.moveTo(JobStatus.SUCCEEDED, NOW.plusSeconds(9));
        when(jobs.get(job.getId())).thenReturn(job);

        MvcTestResult result = mvc.get().uri(JOBS + "/{id}", job.getId()).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").asString().isEqualTo("SUCCEEDED");
        assertThat(result).bodyJson().extractingPath("$.attempt").asNumber().isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.progress").asNumber().isEqualTo(1.0);
        assertThat(result).bodyJson().extractingPath("$.outputModelId").asString().isEqualTo(output.toString());
        assertThat(result).bodyJson().extractingPath("$.metrics.ratios.size").asNumber().isEqualTo(0.26);
        assertThat(result).bodyJson().extractingPath("$.finishedAt").asString().isEqualTo(NOW.plusSeconds(9).toString());
    }

    @Test
    void anUnknownJobIsA404Problem() {
        UUID id = UUID.randomUUID();
        when(jobs.get(id)).thenThrow(ApiException.notFound("job", id));

        assertProblem(mvc.get().uri(JOBS + "/{id}", id).exchange(), ProblemType.NOT_FOUND);
    }

    @Test
    void anInvalidJobIdIsA400ProblemNamingTheField() {
        MvcTestResult result = mvc.get().uri(JOBS + "/job-1").exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("id");
    }

    @Test
    void listPassesTheModelAndStatusFilters() {
        UUID modelId = UUID.randomUUID();
        Job running = job(modelId);
        running.moveTo(JobStatus.RUNNING, NOW.plusSeconds(1));
        when(jobs.list(modelId, JobStatus.RUNNING, PageRequest.of(2, 10)))
                .thenReturn(new PageImpl<>(List.of(running), PageRequest.of(2, 10), 21));

        MvcTestResult result = mvc.get().uri(JOBS + "?modelId={m}&status=RUNNING&page=2&size=10", modelId).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.items[*].status").asArray().containsExactly("RUNNING");
        assertThat(result).bodyJson().extractingPath("$.items[0].id").asString().isEqualTo(running.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.totalItems").asNumber().isEqualTo(21);
        assertThat(result).bodyJson().extractingPath("$.page").asNumber().isEqualTo(2);
    }

    @Test
    void listWithoutFiltersPassesNulls() {
        when(jobs.list(any(), any(), any())).thenAnswer(call -> new PageImpl<>(List.of(), call.getArgument(2), 0));

        assertThat(mvc.get().uri(JOBS).exchange()).hasStatusOk();

        verify(jobs).list(null, null, PageRequest.of(0, 20));
    }

    @ParameterizedTest
    @CsvSource({"status=DONE, status", "status=running, status", "modelId=42, modelId"})
    void listRefusesAnInvalidFilterNamingIt(String query, String field) {
        MvcTestResult result = mvc.get().uri(JOBS + "?" + query).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo(field);
        verifyNoInteractions(jobs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=500", "page=-1"})
    void listRefusesPagingOutsideTheLimits(String query) {
        MvcTestResult result = mvc.get().uri(JOBS + "?" + query).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        verifyNoInteractions(jobs);
    }

    @Test
    void cancelAnswers200WithTheCancelledJob() {
        Job job = job(UUID.randomUUID());
        job.requestCancel();
        job.moveTo(JobStatus.CANCELLED, NOW.plusSeconds(3));
        job.report(0, "cancelled", NOW.plusSeconds(3));
        when(jobs.cancel(job.getId())).thenReturn(job);

        MvcTestResult result = mvc.post().uri(JOBS + "/{id}/cancel", job.getId()).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").asString().isEqualTo("CANCELLED");
        assertThat(result).bodyJson().extractingPath("$.stage").asString().isEqualTo("cancelled");
        verify(jobs).cancel(job.getId());
    }

    @Test
    void cancellingAFinishedJobIsA409Problem() {
        UUID id = UUID.randomUUID();
        when(jobs.cancel(id)).thenThrow(new ApiException(ProblemType.CONFLICT, "job " + id + " is already SUCCEEDED"));

        MvcTestResult result = mvc.post().uri(JOBS + "/{id}/cancel", id).exchange();

        assertProblem(result, ProblemType.CONFLICT);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("already SUCCEEDED");
    }

    // --- events ---------------------------------------------------------------------------------

    @Test
    void eventsAreServerSentEvents() throws IOException {
        Job job = job(UUID.randomUUID());
        when(jobs.get(job.getId())).thenReturn(job);
        SseEmitter emitter = new SseEmitter();
        emitter.send(SseEmitter.event().name("progress").data("{\"status\":\"QUEUED\"}", MediaType.APPLICATION_JSON));
        emitter.complete();
        when(events.open(job, null)).thenReturn(emitter);

        MvcTestResult result = mvc.get().uri(JOBS + "/{id}/events", job.getId())
                .accept(MediaType.TEXT_EVENT_STREAM).exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM);
        assertThat(result).bodyText().contains("event:progress").contains("data:{\"status\":\"QUEUED\"}");
        verify(events).open(job, null);
    }

    @Test
    void eventsOfAnUnknownJobAreA404Problem() {
        UUID id = UUID.randomUUID();
        when(jobs.get(id)).thenThrow(ApiException.notFound("job", id));

        MvcTestResult result = mvc.get().uri(JOBS + "/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange();

        assertProblem(result, ProblemType.NOT_FOUND);
        verifyNoInteractions(events);
    }

    // --- fixtures -------------------------------------------------------------------------------

    private MvcTestResult submit(String content) {
        return mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON).content(content).exchange();
    }

    private static String body(String modelId, String type, String params, String datasetId) {
        return "{\"modelId\":\"" + modelId + "\",\"type\":\"" + type + "\",\"params\":" + params
                + (datasetId == null ? "" : ",\"datasetId\":\"" + datasetId + "\"") + "}";
    }

    private static Job job(UUID modelId) {
        return new Job(UUID.randomUUID(), Tenant.DEFAULT_ID, modelId, null, JobType.QUANTIZE, PARAMS_JSON, 3, NOW);
    }

    private static void assertProblem(MvcTestResult result, ProblemType type) {
        assertThat(result).hasStatus(type.status().value()).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(type.uri().toString());
        assertThat(result).bodyJson().extractingPath("$.title").asString().isEqualTo(type.title());
    }
}
