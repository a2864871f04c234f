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
 * events also flow when the job runs on another runner instance. Each event's id is the job's
 * {@code updatedAt}: a client reconnecting with {@code Last-Event-ID} gets only what changed since.
 * Idle streams carry a comment now and then so that proxies do not close them.
 */
@Component
class JobEventStream {

    private static final long CHECK_MILLIS = 300;
    private static final Duration STREAM_TIMEOUT = Duration.ofHours(1);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration RETRY = Duration.ofSeconds(3);

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
        return open(job, null);
    }

    /** A stream that, when {@code lastEventId} names the job's current state, starts with the next change. */
    SseEmitter open(Job job, String lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Sent last = new Sent(lastEventId);
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

    private void push(UUID id, SseEmitter emitter, Sent last, Runnable stop) {
        try {
            Job job = jobs.findById(id).orElse(null);
            if (job == null) {
                emitter.complete();
                stop.run();
                return;
            }
            String fingerprint = job.getStatus() + "|" + job.getAttempt() + "|" + job.getProgress() + "|" + job.getStage();
            if (last.changed(fingerprint, job.getUpdatedAt().toString())) {
                SseEmitter.SseEventBuilder event = SseEmitter.event()
                        .name(job.getStatus().isTerminal() ? "done" : "progress")
                        .id(job.getUpdatedAt().toString()).data(json.writeValueAsString(JobResponse.of(job, json)),
                                org.springframework.http.MediaType.APPLICATION_JSON);
                emitter.send(last.first() ? event.reconnectTime(RETRY.toMillis()) : event);
                last.sent();
            } else if (last.idleFor(KEEP_ALIVE)) {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                last.sent();
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

    /** What one stream has sent: the last state's fingerprint and when it last wrote anything. */
    private static final class Sent {

        private final String resumeAfter;
        private String fingerprint;
        private long lastSentNanos = System.nanoTime();
        private boolean any;

        Sent(String resumeAfter) {
            this.resumeAfter = resumeAfter;
        }

        /** Whether this state is news; the state a reconnecting client last saw is not, and it is resent never. */
        synchronized boolean changed(String newFingerprint, String eventId) {
            boolean news = !Objects.equals(newFingerprint, fingerprint)
                    && !(fingerprint == null && eventId.equals(resumeAfter));
            fingerprint = newFingerprint;
            return news;
        }

        synchronized boolean first() {
            return !any;
        }

        synchronized void sent() {
            any = true;
            lastSentNanos = System.nanoTime();
        }

        synchronized boolean idleFor(Duration idle) {
            return System.nanoTime() - lastSentNanos >= idle.toNanos();
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
