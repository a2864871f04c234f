package dev.mcs.service.job;

import dev.mcs.service.web.PageResponse;
import dev.mcs.service.web.Paging;
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
    @Operation(summary = "Submit a compression job; honours Idempotency-Key")
    ResponseEntity<JobResponse> submit(@Valid @RequestBody JobRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        JobService.Submission submission = jobs.submit(request, idempotencyKey);
        Job job = submission.job();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + job.getId()))
                .header("Idempotent-Replayed", Boolean.toString(submission.replayed()))
                .body(view(job));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job: status, progress, error or metrics and output model")
    JobResponse get(@PathVariable UUID id) {
        return view(jobs.get(id));
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first, optionally filtered by model and status")
    PageResponse<JobResponse> list(@RequestParam(required = false) UUID modelId,
            @RequestParam(required = false) JobStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(jobs.list(modelId, status, Paging.of(page, size)), this::view);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running job (409 once finished)")
    JobResponse cancel(@PathVariable UUID id) {
        return view(jobs.cancel(id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events of status and progress changes; ends when the job finishes")
    SseEmitter events(@PathVariable UUID id) {
        return events.open(jobs.get(id));
    }

    private JobResponse view(Job job) {
        return JobResponse.of(job, json);
    }
}
