package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
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

/** Samples read from an NPZ dataset whose arrays are named like the model's inputs. */
public final class DatasetInputs {

    static final String LABELS = "labels";

    private DatasetInputs() {}

    public static SampleSet read(Path dataset, Map<String, NodeInfo> inputs, int maxSamples) throws EvaluationException {
        try (NpzArchive npz = NpzArchive.open(dataset)) {
            requireArrays(npz, inputs);
            int count = Math.min(sampleCount(npz, inputs), maxSamples);
            if (count < 1) {
                throw new EvaluationException("the dataset has no samples to evaluate");
            }
            List<Map<String, HostTensor>> samples = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                samples.add(new LinkedHashMap<>());
            }
            for (NodeInfo input : inputs.values()) {
                addInput(npz, input, samples);
            }
            return new SampleSet(samples.stream().map(Sample::new).toList(), labels(npz, inputs, count), "dataset");
        } catch (IOException e) {
            throw new EvaluationException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    private static void requireArrays(NpzArchive npz, Map<String, NodeInfo> inputs) throws EvaluationException {
        List<String> missing = inputs.keySet().stream().filter(name -> npz.find(name).isEmpty()).toList();
        if (!missing.isEmpty()) {
            List<String> present = npz.arrays().stream().map(NpyArrayInfo::name).toList();
            throw new EvaluationException("the dataset has no array for model input(s) " + missing
                    + "; its arrays are " + present);
        }
    }

    private static int sampleCount(NpzArchive npz, Map<String, NodeInfo> inputs) throws EvaluationException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : inputs.keySet()) {
            List<Long> shape = npz.find(name).orElseThrow().shape();
            counts.put(name, shape.isEmpty() ? 0L : shape.get(0));
        }
        if (counts.values().stream().distinct().count() > 1) {
            throw new EvaluationException("dataset arrays differ in sample count: " + counts);
        }
        return Math.toIntExact(counts.values().iterator().next());
    }

    private static void addInput(NpzArchive npz, NodeInfo input, List<Map<String, HostTensor>> samples)
            throws IOException, EvaluationException {
        TensorInfo info = (TensorInfo) input.getInfo();
        NpyArrayInfo array = npz.find(input.getName()).orElseThrow();
        long[] shape = SampleLayout.perSampleShape(info.getShape(), array.shape());
        if (shape == null) {
            throw new EvaluationException("dataset array '" + array.name() + "' has shape " + array.shape()
                    + " (samples first), which does not fit model input '" + input.getName() + "' of shape "
                    + SampleLayout.describe(info.getShape()));
        }
        int size = Math.toIntExact(SyntheticInputs.elementCount(shape));
        Buffer all = readAll(npz, array.name(), info.type, samples.size() * size);
        for (int i = 0; i < samples.size(); i++) {
            samples.get(i).put(input.getName(), new HostTensor(info.type, shape, slice(all, i * size, size)));
        }
    }

    private static Buffer readAll(NpzArchive npz, String name, OnnxJavaType type, int needed)
            throws IOException, EvaluationException {
        return switch (type) {
            case FLOAT -> FloatBuffer.wrap(npz.readFloats(name), 0, needed);
            case INT64 -> LongBuffer.wrap(npz.readLongs(name), 0, needed);
            case INT32 -> IntBuffer.wrap(npz.readInts(name), 0, needed);
            default -> throw new EvaluationException("model input '" + name + "' has element type " + type
                    + "; datasets can feed float, int64 and int32 inputs");
        };
    }

    private static Buffer slice(Buffer all, int offset, int length) {
        Buffer view = all.duplicate().position(offset).limit(offset + length);
        return view.slice();
    }

    private static long[] labels(NpzArchive npz, Map<String, NodeInfo> inputs, int count)
            throws IOException, EvaluationException {
        if (inputs.containsKey(LABELS) || npz.find(LABELS).isEmpty()) {
            return null;
        }
        long[] labels = npz.readLongs(LABELS);
        if (labels.length < count) {
            throw new EvaluationException("dataset array 'labels' has " + labels.length + " entries for " + count + " samples");
        }
        return Arrays.copyOf(labels, count);
    }
}
