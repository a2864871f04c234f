package dev.mcs.worker.quantize.dynamic;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;

/** {@code dynamic_int8}: see {@link OnnxDynamicQuantizer}. */
public final class DynamicInt8Method implements MethodRunner {

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, DynamicInt8Params.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        OnnxDynamicQuantizer.Options options = OnnxDynamicQuantizer.Options.of(run.params(DynamicInt8Params.class));
        return new OnnxDynamicQuantizer().quantize(run.input(), run.output(), options);
    }
}
