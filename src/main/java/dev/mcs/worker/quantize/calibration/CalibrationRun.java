package dev.mcs.worker.quantize.calibration;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Runs the float model over calibration samples and gathers statistics of chosen activations.
 *
 * <p>Each {@link #collect} writes a copy of the model whose graph also outputs the requested
 * tensors, streams every sample through it once (batch 1) and folds each output into running
 * {@link TensorStats}; no activation outlives its sample.
 */
public final class CalibrationRun implements AutoCloseable {

    private final OnnxMl.ModelProto model;
    private final SampleSet samples;

    private CalibrationRun(OnnxMl.ModelProto model, SampleSet samples) {
        this.model = model;
        this.samples = samples;
    }

    /** Reads the model and at most {@code maxSamples} samples of the NPZ part (arrays named like the model inputs). */
    public static CalibrationRun open(Path floatModel, DatasetPart npz, int maxSamples) throws IOException, QuantizationException {
        return open(FloatModel.read(floatModel), npz, maxSamples);
    }

    /** Like {@link #open} for a model already in memory. */
    public static CalibrationRun open(OnnxMl.ModelProto model, DatasetPart npz, int maxSamples) throws QuantizationException {
        return new CalibrationRun(model, samples(npz, model.getGraph(), maxSamples));
    }

    /** The dataset's arrays are held (one batch-1 view per sample); activations never are. */
    private static SampleSet samples(DatasetPart npz, OnnxMl.GraphProto graph, int maxSamples) throws QuantizationException {
        try {
            return DatasetInputs.read(npz, ModelInput.fed(graph), maxSamples,
                    "the calibration dataset has no samples for the model's inputs");
        } catch (InvalidDatasetException e) {
            throw new QuantizationException(e.getMessage(), e);
        }
    }

    public int sampleCount() {
        return samples.samples().size();
    }

    /**
     * Streams all samples once and returns statistics for each requested float tensor, in request order.
     *
     * @param progress receives 0..1 after each sample (may be null)
     * @throws QuantizationException for a tensor that is an initializer, not in the graph, or not float
     */
    public Map<String, TensorStats> collect(Collection<String> tensorNames, StatsSpec spec, DoubleConsumer progress)
            throws QuantizationException {
        Set<String> names = new LinkedHashSet<>(tensorNames);
        Path augmented = writeAugmented(names);
        Set<String> fed = ModelInput.fedNames(model.getGraph());
        Map<String, TensorStats> stats = new LinkedHashMap<>();
        names.forEach(n -> stats.put(n, new TensorStats(n, spec)));
        Set<String> fetched = new HashSet<>(names);
        fetched.removeAll(fed);
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
             OrtSession session = env.createSession(augmented.toString(), options)) {
            for (int i = 0; i < sampleCount(); i++) {
                runSample(env, session, i, fetched, stats);
                if (progress != null) {
                    progress.accept((i + 1) / (double) sampleCount());
                }
            }
        } catch (OrtException e) {
            throw new QuantizationException("calibration could not run the model: " + e.getMessage(), e);
        } finally {
            deleteQuietly(augmented);
        }
        return stats;
    }

    /**
     * The augmented model goes to a temporary file (inside the worker's attempt directory) rather than a
     * byte array: a serialized copy on the heap would double the memory a large model needs.
     */
    private Path writeAugmented(Set<String> names) throws QuantizationException {
        try {
            Path file = Files.createTempFile("calibration-", ".onnx");
            OnnxModelFiles.write(CalibrationModel.withOutputs(model, names), file);
            return file;
        } catch (IOException e) {
            throw new QuantizationException("calibration could not write its working model: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover lies in the attempt directory, which the runner removes
        }
    }

    private void runSample(OrtEnvironment env, OrtSession session, int i, Set<String> fetched,
                           Map<String, TensorStats> stats) throws OrtException, QuantizationException {
        // ORT refuses a run with no outputs; graph inputs alone need no run.
        try (InputTensors inputs = InputTensors.of(env, samples.samples().get(i));
             OrtSession.Result result = fetched.isEmpty() ? null : session.run(inputs.tensors(), fetched)) {
            Map<String, OnnxTensor> feed = inputs.tensors();
            for (Map.Entry<String, TensorStats> e : stats.entrySet()) {
                OnnxValue value = feed.containsKey(e.getKey()) ? feed.get(e.getKey()) : result.get(e.getKey()).orElseThrow();
                accept(e.getKey(), value, e.getValue());
            }
        }
    }

    private static void accept(String name, OnnxValue value, TensorStats stats) throws QuantizationException {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new QuantizationException("cannot calibrate tensor '" + name + "': it is not a float tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        int lastDim = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
        stats.accept(tensor.getFloatBuffer(), Math.max(1, lastDim));
    }

    @Override
    public void close() {
        // Sessions live only inside collect; the held dataset arrays go with this object.
    }
}
