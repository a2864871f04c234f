package dev.mcs.worker.quantize;

import dev.mcs.worker.quantize.auto.AutoMethod;
import dev.mcs.worker.quantize.dynamic.DynamicInt8Method;
import dev.mcs.worker.quantize.fp16.Fp16Method;
import dev.mcs.worker.quantize.smoothquant.SmoothQuantMethod;
import dev.mcs.worker.quantize.staticint8.StaticInt8Method;
import dev.mcs.worker.quantize.weightonly.WeightOnlyMethod;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueRunners;
import java.util.List;

/** The QUANTIZE methods, worker side; their API side is {@code dev.mcs.shared.technique.quantize}. */
public final class QuantizeRunners implements TechniqueRunners {

    @Override
    public List<MethodRunner> runners() {
        return List.of(new DynamicInt8Method(), new SmoothQuantMethod(), new StaticInt8Method(),
                new WeightOnlyMethod(8), new WeightOnlyMethod(4), new Fp16Method(), new AutoMethod());
    }
}
