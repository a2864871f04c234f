package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A tenant bursting at ten times its rate gets 429s with {@code Retry-After}, while another tenant's latency stays
 * within twice its quiet baseline (p95 of small authenticated GETs, sequential, measured in the same run). The
 * baseline is measured right before and right after the burst and the slower of the two is kept: on a shared build
 * machine other processes' load drifts within seconds, and that drift is not the burst's doing. The 429 path is warmed
 * up (compiled by the JIT) before anything is measured, as the quiet tenant's path is: its first compilation during the
 * burst cost the quiet tenant's p95 2.04 x its baseline in one CI run, a cost a running service pays once.
 */
class RateLimitEndToEndTest extends SecuredService {

    private static final int RATE = 20;
    private static final int BURST_SECONDS = 3;
    private static final int SAMPLES = 300;

    @Test
    void a_burst_at_ten_times_the_rate_gets_429s_with_retry_after_and_another_tenant_is_not_slowed() throws Exception {
        Api noisy = member(tenant("noisy", Map.of("requestsPerSecond", RATE)));
        Api quiet = member(tenant("quiet", Map.of()));
        p95Millis(quiet, SAMPLES); // warm-up
        warmUpTheRefusals(noisy);
        double before = p95Millis(quiet, SAMPLES);

        double[] underBurst = new double[1];
        Burst burst = burst(noisy, () -> underBurst[0] = p95Millis(quiet, SAMPLES));
        double quietBaseline = Math.max(before, p95Millis(quiet, SAMPLES));

        List<ResponseEntity<JsonNode>> limited = burst.answers().stream()
                .filter(a -> a.getStatusCode().value() == 429).toList();
        long passed = burst.answers().stream().filter(a -> a.getStatusCode().value() == 200).count();
        System.out.printf("rate limit: %d requests in %.1f s, %d passed, %d limited; other tenant p95 %.2f ms quiet,"
                + " %.2f ms under the burst%n", burst.answers().size(), burst.seconds(), passed, limited.size(),
                quietBaseline, underBurst[0]);
        assertThat(burst.answers()).as("the burst ran at ten times the rate").hasSizeGreaterThan(9 * RATE * BURST_SECONDS);
        assertThat(limited).isNotEmpty().allSatisfy(answer -> {
            assertProblem(answer, 429, "rate-limited");
            assertThat(Long.parseLong(answer.getHeaders().getFirst("Retry-After"))).isBetween(1L, 2L);
        });
        assertThat(passed).as("at most the bucket plus its refill passed")
                .isLessThanOrEqualTo(2L * RATE + (long) Math.ceil(RATE * burst.seconds()));
        assertThat(underBurst[0]).as("the other tenant's p95 stays within twice its quiet baseline")
                .isLessThanOrEqualTo(2 * quietBaseline);
    }

    /** Runs the noisy tenant into its limit with sequential requests, then waits until its bucket has refilled. */
    private static void warmUpTheRefusals(Api noisy) throws InterruptedException {
        int refused = 0;
        for (int i = 0; i < 20 * RATE; i++) {
            refused += noisy.get("/api/v1/models").getStatusCode().value() == 429 ? 1 : 0;
        }
        assertThat(refused).as("the warm-up reached the limit").isPositive();
        TimeUnit.SECONDS.sleep(3);
    }

    /** The noisy tenant's answers, and how long the burst lasted. */
    private record Burst(List<ResponseEntity<JsonNode>> answers, double seconds) {}

    /**
     * Requests at ten times the rate for {@link #BURST_SECONDS} while {@code meanwhile} runs. A ticker hands each
     * request to a pool, so slow answers do not slow the burst down.
     */
    private static Burst burst(Api noisy, Runnable meanwhile) throws InterruptedException {
        ConcurrentLinkedQueue<ResponseEntity<JsonNode>> answers = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> senders.execute(() -> answers.add(noisy.get("/api/v1/models"))), 0,
                1_000_000 / (10 * RATE), TimeUnit.MICROSECONDS);
        meanwhile.run();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, TimeUnit.SECONDS.toNanos(BURST_SECONDS) - (System.nanoTime() - start)));
        ticker.shutdown();
        senders.shutdown();
        assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        return new Burst(List.copyOf(answers), (System.nanoTime() - start) / 1e9);
    }

    /** p95 latency of {@code n} sequential GETs; every one must pass (the tenant is far below its rate). */
    private static double p95Millis(Api api, int n) {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            int status = api.get("/api/v1/models").getStatusCode().value();
            millis[i] = (System.nanoTime() - t0) / 1e6;
            assertThat(status).isEqualTo(200);
        }
        Arrays.sort(millis);
        return millis[(int) Math.ceil(0.95 * n) - 1];
    }
}
