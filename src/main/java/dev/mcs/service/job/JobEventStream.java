package dev.mcs.service.job;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/**
 * Server-Sent Events of a job's status and progress. Changes are read from the job row, so
 * events also flow when the job runs on another runner instance.
 */
@Component
class JobEventStream {

    private static final long CHECK_MILLIS = 300;
    private static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

    private final JobRepository jobs;
    private final ObjectMapper json;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "job-events");
        thread.setDaemon(true);
        return thread;
    });

    JobEventStream(JobRepository jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    SseEmitter open(Job job) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        AtomicReference<String> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> future = task.get();
            if (future != null) {
                future.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        task.set(timer.scheduleWithFixedDelay(() -> push(job.getId(), emitter, last, stop), 0, CHECK_MILLIS,
                TimeUnit.MILLISECONDS));
        return emitter;
    }

    private void push(UUID id, SseEmitter emitter, AtomicReference<String> last, Runnable stop) {
        try {
            Job job = jobs.findById(id).orElse(null);
            if (job == null) {
                emitter.complete();
                stop.run();
                return;
            }
            String fingerprint = job.getStatus() + "|" + job.getAttempt() + "|" + job.getProgress() + "|" + job.getStage();
            if (!Objects.equals(fingerprint, last.getAndSet(fingerprint))) {
                emitter.send(SseEmitter.event().name(job.getStatus().isTerminal() ? "done" : "progress")
                        .id(job.getUpdatedAt().toString()).data(json.writeValueAsString(JobResponse.of(job, json)),
                                org.springframework.http.MediaType.APPLICATION_JSON));
            }
            if (job.getStatus().isTerminal()) {
                emitter.complete();
                stop.run();
            }
        } catch (IOException | RuntimeException e) {
            emitter.completeWithError(e);
            stop.run();
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
