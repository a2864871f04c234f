package dev.mcs.worker.distill;

import dev.mcs.worker.technique.StageProgress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Progress that keeps every stage text a method reports, for tests that assert on them. */
public final class StageRecorder implements StageProgress {

    private final List<String> stages = new CopyOnWriteArrayList<>();

    @Override
    public void accept(double fraction) {
    }

    @Override
    public void accept(double fraction, String stage) {
        stages.add(stage);
    }

    public List<String> stages() {
        return stages;
    }
}
