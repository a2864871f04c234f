package dev.mcs.service.tenant;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Default limits of every tenant ({@code mcs.quota.*}); a tenant's row may override each of them.
 *
 * @param storageBytes bytes of models and datasets (uploads and job outputs) one tenant may store; an upload that
 *     would pass it is refused with 413 {@code storage-quota-exceeded}; outputs of jobs count but never fail a job
 * @param concurrentJobs jobs of one tenant that may run at once, so one tenant cannot occupy every runner thread;
 *     what a further submission meets is {@code overConcurrentJobs}
 * @param queuedJobs jobs one tenant may have waiting (QUEUED); a submission beyond is a 429
 *     {@code job-quota-exceeded}
 * @param requestsPerSecond sustained API requests per second of one tenant (all its keys together); beyond, 429
 *     {@code rate-limited} with {@code Retry-After}
 * @param burstSeconds how many seconds' worth of requests a quiet tenant may send at once (the token bucket's
 *     capacity is {@code requestsPerSecond * burstSeconds})
 * @param overConcurrentJobs a submission while the tenant has {@code concurrentJobs} unfinished (queued or running)
 *     jobs: {@code queue} accepts it to wait, {@code reject} answers 429 {@code job-quota-exceeded}
 * @param busyRetryAfter the {@code Retry-After} of that 429: a hint, since when a job ends is not known
 */
@Validated
@ConfigurationProperties("mcs.quota")
record QuotaProperties(
        @NotNull DataSize storageBytes,
        @Min(1) int concurrentJobs,
        @Min(0) int queuedJobs,
        @Min(1) int requestsPerSecond,
        @DecimalMin("0.1") double burstSeconds,
        @NotNull @DefaultValue("queue") OverConcurrency overConcurrentJobs,
        @NotNull @DefaultValue("30s") Duration busyRetryAfter) {}
