package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
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
 * Samples read from an NPZ dataset whose arrays are named like the model's inputs, samples on the first axis:
 * the worker's one dataset reader, for evaluation, calibration and {@code auto}'s candidate scoring. Each sample
 * is a batch-1 view into its array (no copy per sample); float, int64 and int32 inputs can be fed.
 */
public final class DatasetInputs {

    static final String LABELS = "labels";

    private DatasetInputs() {}

    /** The inputs as an ONNX Runtime session reports them; see {@link #read(Path, List, int, String)}. */
    public static SampleSet read(Path dataset, Map<String, NodeInfo> inputs, int maxSamples, String whenEmpty)
            throws InvalidDatasetException {
        return read(dataset, ModelInput.of(inputs), maxSamples, whenEmpty);
    }

    /**
     * The first {@code maxSamples} samples, with {@code labels} when the archive has them and no input bears
     * that name.
     *
     * @param whenEmpty the message when the arrays hold no sample: each caller says what it needed them for
     */
    public static SampleSet read(Path dataset, List<ModelInput> inputs, int maxSamples, String whenEmpty)
            throws InvalidDatasetException {
        try (NpzArchive npz = NpzArchive.open(dataset)) {
            requireArrays(npz, inputs);
            int count = Math.max(0, Math.min(sampleCount(npz, inputs), maxSamples));
            if (count == 0) {
                throw new InvalidDatasetException(whenEmpty);
            }
            List<Map<String, HostTensor>> samples = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                samples.add(new LinkedHashMap<>());
            }
            for (ModelInput input : inputs) {
                addInput(npz, input, samples);
            }
            return new SampleSet(samples.stream().map(Sample::new).toList(), labels(npz, inputs, count), "dataset");
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    private static void requireArrays(NpzArchive npz, List<ModelInput> inputs) throws InvalidDatasetException {
        List<String> missing = inputs.stream().map(ModelInput::name).filter(name -> npz.find(name).isEmpty()).toList();
        if (!missing.isEmpty()) {
            List<String> present = npz.arrays().stream().map(NpyArrayInfo::name).toList();
            throw new InvalidDatasetException("the dataset has no array for model input(s) " + missing
                    + "; its arrays are " + present);
        }
    }

    private static int sampleCount(NpzArchive npz, List<ModelInput> inputs) throws InvalidDatasetException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ModelInput input : inputs) {
            List<Long> shape = npz.find(input.name()).orElseThrow().shape();
            counts.put(input.name(), shape.isEmpty() ? 0L : shape.get(0));
        }
        if (counts.values().stream().distinct().count() > 1) {
            throw new InvalidDatasetException("dataset arrays differ in sample count: " + counts);
        }
        return counts.isEmpty() ? 0 : Math.toIntExact(counts.values().iterator().next());
    }

    private static void addInput(NpzArchive npz, ModelInput input, List<Map<String, HostTensor>> samples)
            throws IOException, InvalidDatasetException {
        NpyArrayInfo array = npz.find(input.name()).orElseThrow();
        long[] shape = SampleLayout.perSampleShape(input.shape(), array.shape());
        if (shape == null) {
            throw new InvalidDatasetException("dataset array '" + array.name() + "' has shape " + array.shape()
                    + " (samples first), which does not fit model input '" + input.name() + "' of shape "
                    + SampleLayout.describe(input.shape()));
        }
        int size = Math.toIntExact(SyntheticInputs.elementCount(shape));
        Buffer all = readAll(npz, array.name(), input.type(), samples.size() * size);
        for (int i = 0; i < samples.size(); i++) {
            samples.get(i).put(input.name(), new HostTensor(input.type(), shape, slice(all, i * size, size)));
        }
    }

    private static Buffer readAll(NpzArchive npz, String name, OnnxJavaType type, int needed)
            throws IOException, InvalidDatasetException {
        return switch (type) {
            case FLOAT -> FloatBuffer.wrap(npz.readFloats(name), 0, needed);
            case INT64 -> LongBuffer.wrap(npz.readLongs(name), 0, needed);
            case INT32 -> IntBuffer.wrap(npz.readInts(name), 0, needed);
            default -> throw new InvalidDatasetException("model input '" + name + "' has element type " + type
                    + "; datasets can feed float, int64 and int32 inputs");
        };
    }

    private static Buffer slice(Buffer all, int offset, int length) {
        Buffer view = all.duplicate().position(offset).limit(offset + length);
        return view.slice();
    }

    private static long[] labels(NpzArchive npz, List<ModelInput> inputs, int count)
            throws IOException, InvalidDatasetException {
        boolean labelsAreAnInput = inputs.stream().anyMatch(input -> input.name().equals(LABELS));
        if (labelsAreAnInput || npz.find(LABELS).isEmpty()) {
            return null;
        }
        long[] labels = npz.readLongs(LABELS);
        if (labels.length < count) {
            throw new InvalidDatasetException("dataset array 'labels' has " + labels.length + " entries for " + count
                    + " samples");
        }
        return Arrays.copyOf(labels, count);
    }
}
