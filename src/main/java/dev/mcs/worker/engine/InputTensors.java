package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/** Native input tensors for one run, closed together. */
public final class InputTensors implements AutoCloseable {

    private final Map<String, OnnxTensor> tensors;
    private final String description;

    private InputTensors(Map<String, OnnxTensor> tensors, String description) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.description = description;
    }

    /**
     * Synthetic inputs for the declared inputs: unknown first dims become 1, other unknown dims 8; floats
     * uniform in [0, 1); integer inputs 1 if named like a mask, 0 if named like a type id, else ids in [0, 100);
     * booleans true. The same seed gives the same values.
     *
     * @throws IllegalArgumentException if an input is not a tensor or has a type that cannot be synthesized
     */
    public static InputTensors synthetic(OrtEnvironment env, Map<String, NodeInfo> inputs, long seed) throws OrtException {
        return of(env, SyntheticInputs.sample(inputs, new Random(seed)));
    }

    public static InputTensors of(OrtEnvironment env, Sample sample) throws OrtException {
        Map<String, OnnxTensor> created = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, HostTensor> input : sample.inputs().entrySet()) {
                created.put(input.getKey(), input.getValue().toOnnx(env));
            }
        } catch (OrtException | RuntimeException e) {
            created.values().forEach(OnnxTensor::close);
            throw e;
        }
        return new InputTensors(created, describe(sample));
    }

    private static String describe(Sample sample) {
        return sample.inputs().entrySet().stream()
                .map(input -> input.getKey() + " " + input.getValue().describe())
                .collect(Collectors.joining(", "));
    }

    /** Tensors by input name, ready for {@code OrtSession.run}. */
    public Map<String, OnnxTensor> tensors() {
        return tensors;
    }

    /** Names, types and shapes, e.g. {@code input float[1, 64]}. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        tensors.values().forEach(OnnxTensor::close);
    }
}
