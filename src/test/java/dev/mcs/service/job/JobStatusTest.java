package dev.mcs.service.job;

import dev.mcs.service.tenant.Tenant;
import static dev.mcs.service.job.JobStatus.CANCELLED;
import static dev.mcs.service.job.JobStatus.FAILED;
import static dev.mcs.service.job.JobStatus.QUEUED;
import static dev.mcs.service.job.JobStatus.RUNNING;
import static dev.mcs.service.job.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.technique.JobType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTest {

    /** The state machine as documented: written out here independently of {@link JobStatus}. */
    private static final Map<JobStatus, Set<JobStatus>> EXPECTED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Every (from, to) pair of statuses, 25 in all, with whether the move is allowed. */
    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                pairs.add(Arguments.of(from, to, EXPECTED.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @Test
    void theTableCoversEveryStatus() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(JobStatus.values());
        assertThat(everyPair()).hasSize(JobStatus.values().length * JobStatus.values().length);
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void allowsExactlyTheDocumentedTransitions(JobStatus from, JobStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void isTerminalExactlyWhenNoMoveIsAllowed(JobStatus status) {
        assertThat(status.isTerminal()).isEqualTo(EXPECTED.get(status).isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void jobMoveToFollowsTheSameTable(JobStatus from, JobStatus to, boolean allowed) {
        Job job = jobIn(from);
        Instant later = T0.plusSeconds(60);

        if (allowed) {
            job.moveTo(to, later);
            assertThat(job.getStatus()).isEqualTo(to);
            assertThat(job.getUpdatedAt()).isEqualTo(later);
        } else {
            Instant updatedBefore = job.getUpdatedAt();
            assertThatThrownBy(() -> job.moveTo(to, later))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining(from.name()).hasMessageContaining(to.name());
            assertThat(job.getStatus()).isEqualTo(from);
            assertThat(job.getUpdatedAt()).isEqualTo(updatedBefore);
        }
    }

    @Test
    void aNewJobIsQueuedWithNoAttemptYet() {
        Job job = newJob();

        assertThat(job.getStatus()).isEqualTo(QUEUED);
        assertThat(job.getAttempt()).isZero();
        assertThat(job.getStartedAt()).isNull();
        assertThat(job.getFinishedAt()).isNull();
    }

    @Test
    void movingToRunningStartsANewAttemptAndResetsProgress() {
        Job job = newJob();
        Instant firstStart = T0.plusSeconds(1);

        job.moveTo(RUNNING, firstStart);
        job.report(0.7, "evaluating", firstStart.plusSeconds(5));

        assertThat(job.getAttempt()).isEqualTo(1);
        assertThat(job.getStartedAt()).isEqualTo(firstStart);

        Instant secondStart = T0.plusSeconds(30);
        job.moveTo(QUEUED, T0.plusSeconds(20));
        job.moveTo(RUNNING, secondStart);

        assertThat(job.getAttempt()).isEqualTo(2);
        assertThat(job.getStartedAt()).isEqualTo(secondStart);
        assertThat(job.getProgress()).isZero();
        assertThat(job.getFinishedAt()).isNull();
    }

    @Test
    void onlyMovingToRunningCountsAnAttempt() {
        Job job = newJob();
        job.moveTo(RUNNING, T0.plusSeconds(1));
        job.moveTo(QUEUED, T0.plusSeconds(2));
        job.moveTo(CANCELLED, T0.plusSeconds(3));

        assertThat(job.getAttempt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void reachingATerminalStatusRecordsTheFinishTime(JobStatus terminal) {
        Job job = newJob();
        Instant end = T0.plusSeconds(99);
        job.moveTo(RUNNING, T0.plusSeconds(1));

        job.moveTo(terminal, end);

        assertThat(job.getFinishedAt()).isEqualTo(end);
    }

    @Test
    void aForbiddenMoveThrowsAndLeavesTheAttemptAlone() {
        Job job = newJob();
        job.moveTo(RUNNING, T0.plusSeconds(1));
        job.moveTo(SUCCEEDED, T0.plusSeconds(2));

        assertThatThrownBy(() -> job.moveTo(RUNNING, T0.plusSeconds(3)))
                .isInstanceOf(IllegalTransitionException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("job cannot move from SUCCEEDED to RUNNING");
        assertThat(job.getAttempt()).isEqualTo(1);
        assertThat(job.getStatus()).isEqualTo(SUCCEEDED);
    }

    private static Job newJob() {
        return new Job(UUID.randomUUID(), Tenant.DEFAULT_ID, UUID.randomUUID(), null, JobType.QUANTIZE,
                "{\"technique\":\"QUANTIZE\",\"method\":\"dynamic_int8\"}", 3, T0);
    }

    /** A job brought to {@code status} through allowed moves only. */
    private static Job jobIn(JobStatus status) {
        Job job = newJob();
        Instant t = T0.plusMillis(1);
        switch (status) {
            case QUEUED -> { }
            case RUNNING -> job.moveTo(RUNNING, t);
            case FAILED, CANCELLED -> job.moveTo(status, t);
            case SUCCEEDED -> {
                job.moveTo(RUNNING, t);
                job.moveTo(SUCCEEDED, t);
            }
        }
        assertThat(job.getStatus()).isEqualTo(status);
        return job;
    }
}
