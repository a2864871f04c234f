package dev.mcs.worker.evaluate;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.engine.SyntheticSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * Compares a compressed ONNX model with its original: output fidelity on the same inputs, accuracy when the
 * dataset has labels, and batch-1 latency of both on one shared thread pool. Loads native engines, so it
 * runs in worker processes only.
 */
public final class ModelEvaluator {

    /**
     * @param datasetOrNull the samples to compare on (an NPZ part with arrays named like the model inputs and
     *     optionally {@code labels}), or {@code null} for synthetic inputs
     * @param progress receives the share of work done, 0 to 1
     * @throws EvaluationException if a model cannot be loaded or run, or the dataset does not fit the model
     */
    public EvaluationReport compare(Path original, Path compressed, DatasetPart datasetOrNull,
            EvaluationSettings settings, DoubleConsumer progress) throws EvaluationException {
        // Parsing first also refuses external data before ONNX Runtime opens either file.
        OnnxModelFile originalFile = checked(original, "original");
        OnnxModelFile compressedFile = checked(compressed, "compressed");
        OrtEnvironment env = OrtRuntime.environment(settings.intraOpThreads());
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession a = open(env, original, options, "original");
                OrtSession b = open(env, compressed, options, "compressed")) {
            SampleSet inputs = inputs(a, b, datasetOrNull, settings);
            Measurement measurement = measure(env, a, b, inputs, settings, progress);
            return new EvaluationReport(
                    measurement.original(original, originalFile),
                    measurement.compressed(compressed, compressedFile),
                    measurement.fidelity().fidelity(),
                    EnvironmentProbe.describe(env, OrtRuntime.intraOpThreads()),
                    inputs.source(),
                    inputs.samples().size(),
                    EvaluationData.of(datasetOrNull, inputs.samples().size()));
        } catch (OrtException e) {
            throw new EvaluationException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private static Measurement measure(OrtEnvironment env, OrtSession a, OrtSession b, SampleSet inputs,
            EvaluationSettings settings, DoubleConsumer listener) throws OrtException, EvaluationException {
        int warmup = Math.max(0, settings.warmupRuns());
        int timed = Math.max(1, settings.timedRuns());
        Progress progress = new Progress(listener, 2L * (inputs.samples().size() + warmup + timed));
        progress.start();
        FidelityTally fidelity = FidelityPass.run(env, a, b, inputs, progress);
        LatencyBench.Latencies latencies = LatencyBench.run(env, a, b, inputs.samples().get(0), warmup, timed, progress);
        return new Measurement(fidelity, latencies);
    }

    private static SampleSet inputs(OrtSession a, OrtSession b, DatasetPart dataset, EvaluationSettings settings)
            throws OrtException, EvaluationException {
        if (!a.getInputNames().equals(b.getInputNames())) {
            throw new EvaluationException("the models take different inputs: original " + a.getInputNames()
                    + ", compressed " + b.getInputNames());
        }
        if (dataset != null) {
            return datasetSamples(dataset, a, settings.maxSamples());
        }
        try {
            return SyntheticSamples.create(a.getInputInfo(), settings.syntheticSamples(), settings.seed());
        } catch (IllegalArgumentException e) {
            throw new EvaluationException("cannot build synthetic inputs: " + e.getMessage(), e);
        }
    }

    private static SampleSet datasetSamples(DatasetPart dataset, OrtSession session, int maxSamples)
            throws OrtException, EvaluationException {
        try {
            return DatasetInputs.read(dataset, session.getInputInfo(), maxSamples, "the dataset has no samples to evaluate");
        } catch (InvalidDatasetException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
    }

    private static OnnxModelFile checked(Path model, String role) throws EvaluationException {
        try {
            return OnnxModelFile.read(model);
        } catch (InvalidModelException e) {
            throw new EvaluationException("the " + role + " model is invalid: " + e.getMessage(), e);
        }
    }

    private static OrtSession open(OrtEnvironment env, Path model, OrtSession.SessionOptions options, String role)
            throws EvaluationException {
        try {
            return env.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new EvaluationException("ONNX Runtime cannot load the " + role + " model: " + e.getMessage(), e);
        }
    }

    /** What the two passes measured, turned into per-model results. */
    private record Measurement(FidelityTally fidelity, LatencyBench.Latencies latencies) {

        ModelMeasurement original(Path file, OnnxModelFile model) {
            return measurement(file, model, latencies.originalMs(), fidelity.originalAccuracy());
        }

        ModelMeasurement compressed(Path file, OnnxModelFile model) {
            return measurement(file, model, latencies.compressedMs(), fidelity.compressedAccuracy());
        }

        private static ModelMeasurement measurement(Path file, OnnxModelFile model, double[] latencies, Double accuracy) {
            return new ModelMeasurement(size(file), model.parameterCount(), Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 95), accuracy);
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
