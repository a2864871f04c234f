package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.mcs.service.tenant.OverConcurrency;
import dev.mcs.service.tenant.TenantLimits;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobQuotaTest {

    private static final UUID TENANT = UUID.randomUUID();

    private final JobRepository jobs = mock(JobRepository.class);
    private final TenantService tenants = mock(TenantService.class);
    private final JobQuota quota = new JobQuota(jobs, tenants);

    /** A tenant that may run two jobs at once and keep ten waiting. */
    private void tenantWith(long queued, long running, OverConcurrency policy) {
        when(tenants.lock(TENANT)).thenReturn(new TenantLimits(1L << 30, 2, 10, 50, 100));
        when(tenants.overConcurrentJobs()).thenReturn(policy);
        when(tenants.busyRetryAfter()).thenReturn(Duration.ofSeconds(30));
        when(jobs.countByTenantIdAndStatus(TENANT, JobStatus.QUEUED)).thenReturn(queued);
        when(jobs.countByTenantIdAndStatus(TENANT, JobStatus.RUNNING)).thenReturn(running);
    }

    @ParameterizedTest(name = "{0} queued + {1} running, {2}: accepted")
    @CsvSource({"0, 0, REJECT", "0, 1, REJECT", "1, 0, REJECT", "0, 2, QUEUE", "5, 2, QUEUE", "9, 0, QUEUE"})
    void a_submission_within_the_limits_in_force_is_accepted(long queued, long running, OverConcurrency policy) {
        tenantWith(queued, running, policy);

        assertThatCode(() -> quota.requireRoom(TENANT)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} queued + {1} running: refused")
    @CsvSource({"0, 2", "1, 1", "2, 0", "0, 3"})
    void rejecting_tenants_are_refused_while_their_unfinished_jobs_fill_their_running_slots(long queued, long running) {
        tenantWith(queued, running, OverConcurrency.REJECT);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> quota.requireRoom(TENANT));

        assertThat(refused.type()).isEqualTo(ProblemType.JOB_QUOTA_EXCEEDED);
        assertThat(refused.properties()).containsEntry("unfinishedJobs", queued + running)
                .containsEntry("limit", 2).containsEntry("retryAfterSeconds", 30L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"QUEUE", "REJECT"})
    void a_full_queue_is_refused_whatever_the_policy(OverConcurrency policy) {
        tenantWith(10, 0, policy);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> quota.requireRoom(TENANT));

        assertThat(refused.properties()).containsEntry("queuedJobs", 10L).containsEntry("limit", 10)
                .doesNotContainKey("retryAfterSeconds");
    }
}
