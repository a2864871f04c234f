package dev.mcs.worker.quantize.smoothquant;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;

/** {@code smoothquant}: see {@link SmoothQuantizer}. */
public final class SmoothQuantMethod implements MethodRunner {

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, SmoothQuantParams.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        int maxSamples = run.settings() == null ? Integer.MAX_VALUE : run.settings().maxSamples();
        return new SmoothQuantizer(true, SmoothQuantizer.MIN_OUTLIER_RATIO_FOR_MUL).quantize(run.input(), run.output(),
                run.dataset(), run.params(SmoothQuantParams.class), maxSamples, run.progress());
    }
}
