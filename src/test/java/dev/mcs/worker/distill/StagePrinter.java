package dev.mcs.worker.distill;

import dev.mcs.worker.technique.StageProgress;
import java.time.Instant;

/** Progress that prints every stage text with the time, for benchmark runs a person follows in the log. */
public final class StagePrinter implements StageProgress {

    @Override
    public void accept(double fraction) {
    }

    @Override
    public void accept(double fraction, String stage) {
        System.out.printf("%s %s%n", Instant.now(), stage);
    }
}
