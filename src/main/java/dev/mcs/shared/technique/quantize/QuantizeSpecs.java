package dev.mcs.shared.technique.quantize;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;

/** The QUANTIZE methods, API side; their worker side is {@code dev.mcs.worker.quantize}. */
public final class QuantizeSpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        return List.of(
                MethodSpec.onnx(JobType.QUANTIZE, DynamicInt8Params.NAME, DynamicInt8Params.class,
                        "int8 weights, activations quantized at run time"),
                MethodSpec.onnx(JobType.QUANTIZE, SmoothQuantParams.NAME, SmoothQuantParams.class,
                        "SmoothQuant scaling calibrated on the dataset, then int8"),
                MethodSpec.onnx(JobType.QUANTIZE, StaticInt8Params.NAME, StaticInt8Params.class,
                        "QDQ int8 with calibrated activation ranges"),
                MethodSpec.onnx(JobType.QUANTIZE, WeightOnlyParams.INT8, WeightOnlyParams.class,
                        "int8 weight blocks, float activations"),
                MethodSpec.onnx(JobType.QUANTIZE, WeightOnlyParams.INT4, WeightOnlyParams.class,
                        "int4 weight blocks (MatMulNBits), float activations"),
                MethodSpec.onnx(JobType.QUANTIZE, Fp16Params.NAME, Fp16Params.class, "weights stored as float16"),
                MethodSpec.onnx(JobType.QUANTIZE, AutoParams.NAME, AutoParams.class,
                        "the fewest float nodes that meet an accuracy target"));
    }
}
