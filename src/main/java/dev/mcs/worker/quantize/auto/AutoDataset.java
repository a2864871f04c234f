package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation samples from an NPZ whose arrays are named like the model inputs (samples first), the same
 * layout the service's evaluation reads; {@code labels}, when present, gives each sample's class.
 */
final class AutoDataset {

    private static final String LABELS = "labels";

    private AutoDataset() {}

    static AutoSamples read(OrtEnvironment env, Map<String, NodeInfo> inputs, Path dataset, int maxSamples)
            throws IOException, OrtException, QuantizationException {
        try (NpzArchive npz = NpzArchive.open(dataset)) {
            int count = Math.min(sampleCount(npz, inputs), maxSamples);
            if (count < 1) {
                throw new QuantizationException("the dataset has no samples to evaluate candidates on");
            }
            List<Map<String, OnnxTensor>> samples = new ArrayList<>();
            List<AutoCloseable> owned = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                samples.add(new LinkedHashMap<>());
            }
            try {
                for (NodeInfo input : inputs.values()) {
                    addInput(env, npz, input, samples, owned);
                }
            } catch (OrtException | IOException | QuantizationException | RuntimeException e) {
                owned.forEach(AutoSamples::closeQuietly);
                throw e;
            }
            return new AutoSamples(samples, labels(npz, inputs, count), "dataset", owned);
        }
    }

    private static int sampleCount(NpzArchive npz, Map<String, NodeInfo> inputs) throws QuantizationException {
        long count = -1;
        for (String name : inputs.keySet()) {
            NpyArrayInfo array = npz.find(name).orElseThrow(() -> new QuantizationException(
                    "the dataset has no array for model input '" + name + "'"));
            long samples = array.shape().isEmpty() ? 0 : array.shape().get(0);
            if (count >= 0 && samples != count) {
                throw new QuantizationException("dataset arrays differ in sample count");
            }
            count = samples;
        }
        return Math.toIntExact(Math.max(0, count));
    }

    private static void addInput(OrtEnvironment env, NpzArchive npz, NodeInfo input,
            List<Map<String, OnnxTensor>> samples, List<AutoCloseable> owned)
            throws IOException, OrtException, QuantizationException {
        TensorInfo info = (TensorInfo) input.getInfo();
        List<Long> arrayShape = npz.find(input.getName()).orElseThrow().shape();
        long[] shape = sampleShape(info.getShape(), arrayShape, input.getName());
        int size = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        Buffer all = readAll(npz, input.getName(), info);
        for (int i = 0; i < samples.size(); i++) {
            Buffer slice = all.duplicate().position(i * size).limit(i * size + size).slice();
            OnnxTensor tensor = switch (info.type) {
                case FLOAT -> OnnxTensor.createTensor(env, (FloatBuffer) slice, shape);
                case INT64 -> OnnxTensor.createTensor(env, (LongBuffer) slice, shape);
                default -> OnnxTensor.createTensor(env, (IntBuffer) slice, shape);
            };
            owned.add(tensor);
            samples.get(i).put(input.getName(), tensor);
        }
    }

    private static Buffer readAll(NpzArchive npz, String name, TensorInfo info)
            throws IOException, QuantizationException {
        return switch (info.type) {
            case FLOAT -> FloatBuffer.wrap(npz.readFloats(name));
            case INT64 -> LongBuffer.wrap(npz.readLongs(name));
            case INT32 -> IntBuffer.wrap(npz.readInts(name));
            default -> throw new QuantizationException("model input '" + name + "' has element type " + info.type
                    + "; datasets can feed float, int64 and int32 inputs");
        };
    }

    /** One sample's shape: the array's per-sample dims, behind a batch dim of 1 when the model has one more dim. */
    private static long[] sampleShape(long[] model, List<Long> array, String name) throws QuantizationException {
        long[] dims = array.subList(1, array.size()).stream().mapToLong(Long::longValue).toArray();
        long[] shape = dims;
        if (model.length == dims.length + 1) {
            shape = new long[model.length];
            shape[0] = 1;
            System.arraycopy(dims, 0, shape, 1, dims.length);
        }
        boolean fits = shape.length == model.length;
        for (int i = 0; fits && i < shape.length; i++) {
            fits = model[i] < 0 || model[i] == shape[i];
        }
        if (!fits) {
            throw new QuantizationException("dataset array '" + name + "' of shape " + array
                    + " does not fit model input of shape " + Arrays.toString(model));
        }
        return shape;
    }

    private static long[] labels(NpzArchive npz, Map<String, NodeInfo> inputs, int count) throws IOException {
        if (inputs.containsKey(LABELS) || npz.find(LABELS).isEmpty()) {
            return null;
        }
        long[] labels = npz.readLongs(LABELS);
        return labels.length < count ? null : Arrays.copyOf(labels, count);
    }
}
