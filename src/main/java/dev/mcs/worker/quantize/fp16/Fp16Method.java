package dev.mcs.worker.quantize.fp16;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.Fp16Params;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.normalize.OpsetGoal;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.util.Set;

/** {@code fp16}: weights stored as float16, halving the file; see {@link Fp16Converter} for the compute type. */
public final class Fp16Method implements MethodRunner {

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, Fp16Params.NAME);
    }

    @Override
    public Record apply(MethodRun run) throws IOException, TechniqueException {
        long start = System.nanoTime();
        OnnxMl.ModelProto model = FloatModel.read(run.input(), Fp16Params.NAME, OpsetGoal.ANY);
        Set<String> exclude = Set.copyOf(run.params(Fp16Params.class).withDefaults().excludeNodes());
        Fp16Converter.Result r = new Fp16Converter(model.getGraph(), exclude).convert();
        if (r.converted() == 0) {
            throw new QuantizationException("nothing to convert: the model has no float32 initializer that fp16 may store");
        }
        OnnxModelFiles.write(model.toBuilder().setGraph(r.graph()).build(), run.output());
        return new Fp16Summary(Fp16Params.NAME, r.converted(), r.keptOutOfRange(), r.keptForExcludedNodes(), r.keptAsGraphInputs(),
                0, OnnxModelFiles.initializerBytes(model.getGraph()), OnnxModelFiles.initializerBytes(r.graph()),
                (System.nanoTime() - start) / 1_000_000);
    }
}
