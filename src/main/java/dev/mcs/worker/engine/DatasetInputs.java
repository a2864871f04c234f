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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples read from an NPZ dataset whose arrays are named like the model's inputs, samples on the first axis:
 * the worker's one dataset reader, for evaluation, calibration and {@code auto}'s candidate scoring. It reads only
 * the samples of a {@link DatasetPart} (all, the calibration part or the held-out part). Each sample is a batch-1
 * view into its array (no copy per sample); float, int64 and int32 inputs can be fed.
 */
public final class DatasetInputs {

    static final String LABELS = "labels";

    private DatasetInputs() {}

    /** The inputs as an ONNX Runtime session reports them; see {@link #read(DatasetPart, List, int, String)}. */
    public static SampleSet read(DatasetPart part, Map<String, NodeInfo> inputs, int maxSamples, String whenEmpty)
            throws InvalidDatasetException {
        return read(part, ModelInput.of(inputs), maxSamples, whenEmpty);
    }

    /**
     * The first {@code maxSamples} samples the part selects, with their {@code labels} when the archive has them
     * and no input bears that name.
     *
     * @param whenEmpty the message when the part holds no sample: each caller says what it needed them for
     */
    public static SampleSet read(DatasetPart part, List<ModelInput> inputs, int maxSamples, String whenEmpty)
            throws InvalidDatasetException {
        try (NpzArchive npz = NpzArchive.open(part.file())) {
            requireArrays(npz, inputs);
            int total = sampleCount(npz, inputs);
            int[] chosen = part.selection().indices(total, maxSamples);
            if (chosen.length == 0) {
                throw new InvalidDatasetException(whenEmpty);
            }
            List<Map<String, HostTensor>> samples = new ArrayList<>();
            for (int i = 0; i < chosen.length; i++) {
                samples.add(new LinkedHashMap<>());
            }
            for (ModelInput input : inputs) {
                addInput(npz, input, chosen, samples);
            }
            return new SampleSet(samples.stream().map(Sample::new).toList(), labels(npz, inputs, total, chosen),
                    "dataset");
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

    private static void addInput(NpzArchive npz, ModelInput input, int[] chosen,
            List<Map<String, HostTensor>> samples) throws IOException, InvalidDatasetException {
        NpyArrayInfo array = npz.find(input.name()).orElseThrow();
        long[] shape = SampleLayout.perSampleShape(input.shape(), array.shape());
        if (shape == null) {
            throw new InvalidDatasetException("dataset array '" + array.name() + "' has shape " + array.shape()
                    + " (samples first), which does not fit model input '" + input.name() + "' of shape "
                    + SampleLayout.describe(input.shape()));
        }
        int size = Math.toIntExact(SyntheticInputs.elementCount(shape));
        Buffer all = readAll(npz, array.name(), input.type());
        for (int i = 0; i < chosen.length; i++) {
            samples.get(i).put(input.name(), new HostTensor(input.type(), shape, slice(all, chosen[i] * size, size)));
        }
    }

    private static Buffer readAll(NpzArchive npz, String name, OnnxJavaType type)
            throws IOException, InvalidDatasetException {
        return switch (type) {
            case FLOAT -> FloatBuffer.wrap(npz.readFloats(name));
            case INT64 -> LongBuffer.wrap(npz.readLongs(name));
            case INT32 -> IntBuffer.wrap(npz.readInts(name));
            default -> throw new InvalidDatasetException("model input '" + name + "' has element type " + type
                    + "; datasets can feed float, int64 and int32 inputs");
        };
    }

    private static Buffer slice(Buffer all, int offset, int length) {
        Buffer view = all.duplicate().position(offset).limit(offset + length);
        return view.slice();
    }

    private static long[] labels(NpzArchive npz, List<ModelInput> inputs, int total, int[] chosen)
            throws IOException, InvalidDatasetException {
        boolean labelsAreAnInput = inputs.stream().anyMatch(input -> input.name().equals(LABELS));
        if (labelsAreAnInput || npz.find(LABELS).isEmpty()) {
            return null;
        }
        long[] labels = npz.readLongs(LABELS);
        if (labels.length < total) {
            throw new InvalidDatasetException("dataset array 'labels' has " + labels.length + " entries for " + total
                    + " samples");
        }
        return Arrays.stream(chosen).mapToLong(i -> labels[i]).toArray();
    }
}
