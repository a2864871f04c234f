package dev.mcs.quantize;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.util.Set;

/** {@code fp16}: weights stored as float16, halving the file; see {@link Fp16Converter} for the compute type. */
final class Fp16Method implements QuantizationMethod {

    @Override
    public String name() {
        return "fp16";
    }

    @Override
    public Record apply(QuantizationRequest request) throws IOException, QuantizationException {
        long start = System.nanoTime();
        OnnxMl.ModelProto model = OnnxModelFiles.read(request.input());
        Set<String> exclude = request.params().excludeNodes() == null ? Set.of() : Set.copyOf(request.params().excludeNodes());
        Fp16Converter.Result r = new Fp16Converter(model.getGraph(), exclude).convert();
        if (r.converted() == 0) {
            throw new QuantizationException("nothing to convert: the model has no float32 initializer that fp16 may store");
        }
        OnnxModelFiles.write(model.toBuilder().setGraph(r.graph()).build(), request.output());
        return new Fp16Summary(name(), r.converted(), r.keptOutOfRange(), r.keptForExcludedNodes(), r.keptAsGraphInputs(),
                0, OnnxModelFiles.initializerBytes(model.getGraph()), OnnxModelFiles.initializerBytes(r.graph()),
                (System.nanoTime() - start) / 1_000_000);
    }
}
