package dev.mcs.worker.technique;

import java.util.function.DoubleConsumer;

/**
 * Progress that can also say what a method is doing, e.g. a training epoch's losses; the worker shows it as the
 * job's stage, which the job's event stream carries. Methods that only count progress use the plain
 * {@link DoubleConsumer}.
 */
public interface StageProgress extends DoubleConsumer {

    void accept(double fraction, String stage);

    /** Reports {@code stage} where {@code progress} can show it, else only the fraction. */
    static void report(DoubleConsumer progress, double fraction, String stage) {
        if (progress instanceof StageProgress staged) {
            staged.accept(fraction, stage);
        } else {
            progress.accept(fraction);
        }
    }
}
