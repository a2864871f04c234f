package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.shared.protocol.EvaluationSettings;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation inputs of the {@code auto} method, as native tensors made once and reused for every candidate:
 * the dataset's first {@code maxSamples} samples, else {@code syntheticSamples} synthetic ones. Each sample is run
 * at batch 1, as the service's evaluation does: dynamic quantization scales activations per tensor, so batching
 * samples together would change the very numbers being compared.
 */
final class AutoSamples implements AutoCloseable {

    private final List<Map<String, OnnxTensor>> samples;
    private final long[] labels;
    private final String source;
    private final List<AutoCloseable> owned;

    AutoSamples(List<Map<String, OnnxTensor>> samples, long[] labels, String source, List<AutoCloseable> owned) {
        this.samples = List.copyOf(samples);
        this.labels = labels;
        this.source = source;
        this.owned = List.copyOf(owned);
    }

    static AutoSamples load(OrtEnvironment env, Map<String, NodeInfo> inputs, Path dataset, EvaluationSettings settings)
            throws IOException, OrtException, QuantizationException {
        if (dataset != null) {
            return AutoDataset.read(env, inputs, dataset, settings.maxSamples());
        }
        List<Map<String, OnnxTensor>> samples = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(1, settings.syntheticSamples()); i++) {
                InputTensors tensors = InputTensors.synthetic(env, inputs, settings.seed() + i);
                owned.add(tensors);
                samples.add(tensors.tensors());
            }
        } catch (IllegalArgumentException e) {
            owned.forEach(AutoSamples::closeQuietly);
            throw new QuantizationException("cannot build synthetic evaluation inputs: " + e.getMessage(), e);
        }
        return new AutoSamples(samples, null, "synthetic", owned);
    }

    int size() {
        return samples.size();
    }

    Map<String, OnnxTensor> inputs(int sample) {
        return samples.get(sample);
    }

    /** The sample's label, or null without labels. */
    Long label(int sample) {
        return labels == null ? null : labels[sample];
    }

    boolean hasInput(String name) {
        return !samples.isEmpty() && samples.get(0).containsKey(name);
    }

    boolean labelled() {
        return labels != null;
    }

    String source() {
        return source;
    }

    /** The values of an integer input of one sample (e.g. its attention mask). */
    long[] longValues(int sample, String input) throws OrtException {
        OnnxTensor tensor = samples.get(sample).get(input);
        if (tensor.getInfo().type == OnnxJavaType.INT32) {
            IntBuffer ints = tensor.getIntBuffer();
            long[] values = new long[ints.remaining()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ints.get(i);
            }
            return values;
        }
        LongBuffer buffer = tensor.getLongBuffer();
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() {
        owned.forEach(AutoSamples::closeQuietly);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Native memory of tensors; nothing useful to do when freeing fails.
        }
    }
}
