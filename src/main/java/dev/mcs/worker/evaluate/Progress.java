package dev.mcs.worker.evaluate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

/** Reports the share of work done, at most about once per percent, since listeners may write to a database. */
final class Progress {

    private static final double MIN_STEP = 0.01;

    private final DoubleConsumer listener;
    private final long totalSteps;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastReportedPermille = new AtomicLong(-1000);

    Progress(DoubleConsumer listener, long totalSteps) {
        this.listener = listener == null ? fraction -> { } : listener;
        this.totalSteps = Math.max(1, totalSteps);
    }

    void step() {
        long now = done.incrementAndGet();
        double fraction = Math.min(1.0, (double) now / totalSteps);
        long permille = Math.round(fraction * 1000);
        if (now >= totalSteps || permille - lastReportedPermille.get() >= MIN_STEP * 1000) {
            lastReportedPermille.set(permille);
            listener.accept(fraction);
        }
    }

    void start() {
        listener.accept(0.0);
    }
}
