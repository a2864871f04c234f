package dev.mcs.worker.quantize.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.engine.SyntheticSamples;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation inputs of the {@code auto} method, as native tensors made once and reused for every candidate:
 * the first {@code maxSamples} samples of the job's evaluation data (the evaluation dataset, or the held-out part
 * of its dataset, so that the target is checked on samples the base method has not calibrated on), else
 * {@code syntheticSamples} synthetic ones, read and made by the same engine code, with the same settings, as the
 * job's evaluation of the result. Each sample is run at
 * batch 1, as that evaluation does: dynamic quantization scales activations per tensor, so batching samples
 * together would change the very numbers being compared.
 */
final class ScoringSamples implements AutoCloseable {

    private final SampleSet set;
    private final List<InputTensors> tensors;
    private final String source;

    private ScoringSamples(SampleSet set, List<InputTensors> tensors, String source) {
        this.set = set;
        this.source = source;
        this.tensors = List.copyOf(tensors);
    }

    static ScoringSamples load(OrtEnvironment env, Map<String, NodeInfo> inputs, DatasetPart dataset,
            EvaluationSettings settings)
            throws OrtException, QuantizationException {
        SampleSet set = dataset != null ? read(dataset, inputs, settings.maxSamples()) : synthetic(inputs, settings);
        String source = dataset != null ? dataset.source() : set.source();
        List<InputTensors> tensors = new ArrayList<>();
        try {
            for (Sample sample : set.samples()) {
                tensors.add(InputTensors.of(env, sample));
            }
        } catch (OrtException | RuntimeException e) {
            tensors.forEach(InputTensors::close);
            throw e;
        }
        return new ScoringSamples(set, tensors, source);
    }

    private static SampleSet read(DatasetPart dataset, Map<String, NodeInfo> inputs, int maxSamples)
            throws QuantizationException {
        try {
            return DatasetInputs.read(dataset, inputs, maxSamples, "the dataset has no samples to evaluate candidates on");
        } catch (InvalidDatasetException e) {
            throw new QuantizationException(e.getMessage(), e);
        }
    }

    private static SampleSet synthetic(Map<String, NodeInfo> inputs, EvaluationSettings settings)
            throws QuantizationException {
        try {
            return SyntheticSamples.create(inputs, settings.syntheticSamples(), settings.seed());
        } catch (IllegalArgumentException e) {
            throw new QuantizationException("cannot build synthetic evaluation inputs: " + e.getMessage(), e);
        }
    }

    int size() {
        return tensors.size();
    }

    Map<String, OnnxTensor> inputs(int sample) {
        return tensors.get(sample).tensors();
    }

    /** The sample's label, or null without labels. */
    Long label(int sample) {
        return set.label(sample);
    }

    boolean hasInput(String name) {
        return !set.samples().isEmpty() && set.samples().get(0).inputs().containsKey(name);
    }

    boolean labelled() {
        return set.labels() != null;
    }

    /** Where the samples come from: {@code held-out}, {@code evaluation-dataset}, … or {@code synthetic}. */
    String source() {
        return source;
    }

    /** The values of an integer input of one sample (e.g. its attention mask). */
    long[] longValues(int sample, String input) {
        return set.samples().get(sample).inputs().get(input).longValues().orElseThrow(() ->
                new IllegalStateException("input '" + input + "' is not an integer tensor"));
    }

    @Override
    public void close() {
        tensors.forEach(InputTensors::close);
    }
}
