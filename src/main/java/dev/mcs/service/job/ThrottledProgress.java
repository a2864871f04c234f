package dev.mcs.service.job;

import dev.mcs.shared.protocol.ProgressListener;
import java.util.Objects;

/** Writes worker progress to the job row, at most a few times a second unless the stage changes. */
final class ThrottledProgress implements ProgressListener {

    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    private final JobTransitions transitions;
    private final AttemptPlan plan;
    private long lastWrite;
    private String lastStage;

    ThrottledProgress(JobTransitions transitions, AttemptPlan plan) {
        this.transitions = transitions;
        this.plan = plan;
    }

    @Override
    public void onProgress(double fraction, String stage) {
        long now = System.nanoTime();
        if (Objects.equals(stage, lastStage) && now - lastWrite < MIN_INTERVAL_NANOS && fraction < 1) {
            return;
        }
        lastWrite = now;
        lastStage = stage;
        transitions.progress(plan.jobId(), plan.attempt(), fraction, stage);
    }
}
