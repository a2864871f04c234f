package dev.mcs.quantize;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Entry point of the quantize feature (worker side): runs the method a job asked for. */
public final class Quantizer {

    private final Map<String, QuantizationMethod> methods;

    public Quantizer() {
        this.methods = List.of(new DynamicInt8Method(), new SmoothQuantMethod(), new StaticInt8Method(),
                        new WeightOnlyMethod(4), new WeightOnlyMethod(8), new Fp16Method(), new AutoMethod())
                .stream().collect(Collectors.toMap(QuantizationMethod::name, Function.identity()));
    }

    public Record quantize(QuantizationRequest request) throws IOException, QuantizationException {
        QuantizationMethod method = methods.get(request.params().method());
        if (method == null) {
            throw new QuantizationException("unsupported quantization method '" + request.params().method()
                    + "'; supported: " + methods.keySet());
        }
        return method.apply(request);
    }
}
