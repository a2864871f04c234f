package dev.mcs.worker.quantize.smoothquant;

import dev.mcs.shared.protocol.EvaluationSettings;
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
        SmoothQuantParams params = run.params(SmoothQuantParams.class).withDefaults();
        EvaluationSettings settings = run.settingsOrDefaults();
        SmoothQuantizer quantizer = quantizer();
        if (params.alpha().isAuto()) {
            return new AlphaSearch(quantizer, params, run.dataset(), settings.maxSamples(), run.output())
                    .run(run.input(), run.output(), settings, run.progress());
        }
        return quantizer.quantize(run.input(), run.output(), run.dataset(), params, settings.maxSamples(),
                run.progress());
    }

    /** The quantizer of the {@code smoothquant} method, shared with {@link SmoothedBase}. */
    static SmoothQuantizer quantizer() {
        return new SmoothQuantizer(true, SmoothQuantizer.MIN_OUTLIER_RATIO_FOR_MUL);
    }
}
