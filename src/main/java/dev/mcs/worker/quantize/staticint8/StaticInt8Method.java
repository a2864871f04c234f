package dev.mcs.worker.quantize.staticint8;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;

/** {@code static_int8}: QDQ int8 with activation ranges calibrated on the job's dataset; see {@link StaticInt8Quantizer}. */
public final class StaticInt8Method implements MethodRunner {

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, StaticInt8Params.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        if (run.dataset() == null) {
            throw new QuantizationException("static_int8 calibrates activation ranges on a dataset: attach an NPZ"
                    + " dataset whose arrays are named like the model inputs");
        }
        return new StaticInt8Quantizer(options(run.params(StaticInt8Params.class).withDefaults()), run.maxSamples(),
                run.settingsOrDefaults()).quantize(run.input(), run.output(), run.dataset(), run.progress());
    }

    static StaticInt8Quantizer.Options options(StaticInt8Params p) {
        return new StaticInt8Quantizer.Options(p.calibration(), p.percentile(), p.perChannel(), p.opTypes(),
                p.excludeNodes());
    }
}
