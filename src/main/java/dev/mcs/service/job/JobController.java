package dev.mcs.service.job;

import dev.mcs.service.web.PageResponse;
import dev.mcs.service.web.Paging;
import dev.mcs.service.web.Problems;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Submit, watch and cancel compression jobs")
class JobController {

    private final JobService jobs;
    private final JobEventStream events;
    private final ObjectMapper json;

    JobController(JobService jobs, JobEventStream events, ObjectMapper json) {
        this.jobs = jobs;
        this.events = events;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitJob", summary = "Submit a compression job",
            description = "Refused with 400/422 when it can never run. With an Idempotency-Key, a repeat of the same"
                    + " request answers the first job again (Idempotent-Replayed: true).")
    @ApiResponse(responseCode = "202", description = "Queued (or replayed)", headers = {
            @Header(name = HttpHeaders.LOCATION, description = "The job's URL",
                    schema = @Schema(type = "string", format = "uri-reference")),
            @Header(name = "Idempotent-Replayed", description = "true when this answers an earlier request",
                    schema = @Schema(type = "boolean"))})
    @Problems({400, 404, 415, 422})
    ResponseEntity<JobResponse> submit(@Valid @RequestBody JobRequest request,
            @Parameter(description = "Any unique string; repeats of the same request within the key's lifetime return the"
                    + " first job instead of queueing another") @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        JobService.Submission submission = jobs.submit(request, idempotencyKey);
        Job job = submission.job();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + job.getId()))
                .header("Idempotent-Replayed", Boolean.toString(submission.replayed()))
                .body(view(job));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getJob", summary = "Get a job: status, progress, error or metrics and output model")
    @Problems({400, 404})
    JobResponse get(@PathVariable UUID id) {
        return view(jobs.get(id));
    }

    @GetMapping
    @Operation(operationId = "listJobs", summary = "List jobs, newest first, optionally filtered by model and status")
    @Problems(400)
    PageResponse<JobResponse> list(@RequestParam(required = false) UUID modelId,
            @RequestParam(required = false) JobStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(jobs.list(modelId, status, Paging.of(page, size)), this::view);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job",
            description = "409 once the job has finished.")
    @Problems({400, 404, 409})
    JobResponse cancel(@PathVariable UUID id) {
        return view(jobs.cancel(id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamJobEvents", summary = "Server-Sent Events of status and progress changes; ends when the job finishes")
    @ApiResponse(responseCode = "200", description = "An event stream. `event: progress` while the job is QUEUED or"
            + " RUNNING, one `event: done` when it reaches a final status, after which the stream ends. Each event's"
            + " `data` is the job as JSON (the `JobResponse` schema); its `id` is the job's `updatedAt`; the first event carries a"
            + " `retry:` hint (ms) and idle streams a `: keep-alive` comment every 15 s.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "text/event-stream; data lines carry JobResponse JSON")))
    @Problems({400, 404, 406})
    SseEmitter events(@PathVariable UUID id, @Parameter(description = "The id of the last event received: the"
            + " stream then starts with the next change, not the state already seen")
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return events.open(jobs.get(id), lastEventId);
    }

    private JobResponse view(Job job) {
        return JobResponse.of(job, json);
    }
}
