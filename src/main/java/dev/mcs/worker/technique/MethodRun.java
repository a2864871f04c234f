package dev.mcs.worker.technique;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.worker.engine.DatasetPart;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * One application of a method inside a worker.
 *
 * <p>The two datasets are opaque parts, not files: a method reads only the samples it is handed, so calibrating on
 * {@code dataset} can never touch the held-out samples that {@code evaluation} (and the job's evaluation) measures.
 *
 * @param input the model to compress
 * @param inputFormat its format
 * @param output where the compressed model is written, in the method's declared output format
 * @param params validated parameters with the method's defaults filled in
 * @param dataset the samples to calibrate or train on, or null
 * @param evaluation the samples the job's result is evaluated on (the evaluation dataset, or the held-out part of
 *     the dataset); only for checking a target, such as {@code auto}'s, never for calibrating. Null for synthetic
 *     inputs
 * @param settings sample limits and seed, shared with evaluation
 * @param progress receives 0..1 as the method advances
 * @param models files of the other models the method reads, by their params field
 *     ({@link MethodParams#referencedModels()}); empty when none
 * @param modelFormats the formats of those models, by the same field; a model not listed is ONNX
 */
public record MethodRun(Path input, ModelFormat inputFormat, Path output, MethodParams params, DatasetPart dataset,
        DatasetPart evaluation, EvaluationSettings settings, DoubleConsumer progress, Map<String, Path> models,
        Map<String, ModelFormat> modelFormats) {

    public MethodRun {
        models = models == null ? Map.of() : Map.copyOf(models);
        modelFormats = modelFormats == null ? Map.of() : Map.copyOf(modelFormats);
    }

    /** A run whose other models are all ONNX. */
    public MethodRun(Path input, ModelFormat inputFormat, Path output, MethodParams params, DatasetPart dataset,
            DatasetPart evaluation, EvaluationSettings settings, DoubleConsumer progress, Map<String, Path> models) {
        this(input, inputFormat, output, params, dataset, evaluation, settings, progress, models, Map.of());
    }

    /** A run that reads no other model. */
    public MethodRun(Path input, ModelFormat inputFormat, Path output, MethodParams params, DatasetPart dataset,
            DatasetPart evaluation, EvaluationSettings settings, DoubleConsumer progress) {
        this(input, inputFormat, output, params, dataset, evaluation, settings, progress, Map.of());
    }

    /** The run's settings, or the defaults when it has none (tests). */
    public EvaluationSettings settingsOrDefaults() {
        return settings == null ? EvaluationSettings.defaults() : settings;
    }

    /** The most dataset samples a method calibrates or scores on ({@code mcs.evaluation.max-samples}). */
    public int maxSamples() {
        return settingsOrDefaults().maxSamples();
    }

    /** The format of the other model read for {@code field}. */
    public ModelFormat modelFormat(String field) {
        return modelFormats.getOrDefault(field, ModelFormat.ONNX);
    }

    /** The parameters as the method's own record. */
    public <P extends MethodParams> P params(Class<P> type) throws TechniqueException {
        if (!type.isInstance(params)) {
            throw new TechniqueException("invalid-params", "method '" + params.method() + "' received "
                    + params.getClass().getSimpleName() + ", expected " + type.getSimpleName());
        }
        return type.cast(params);
    }

    /**
     * The same run as step {@code step} of {@code count} of a schedule: its progress mapped into the step's share,
     * each stage prefixed with "step i/k: ".
     */
    public MethodRun withinStep(int step, int count) {
        StageProgress scaled = new StageProgress() {
            @Override
            public void accept(double fraction) {
                progress.accept((step - 1 + fraction) / count);
            }

            @Override
            public void accept(double fraction, String stage) {
                StageProgress.report(progress, (step - 1 + fraction) / count, "step " + step + "/" + count + ": "
                        + stage);
            }
        };
        return new MethodRun(input, inputFormat, output, params, dataset, evaluation, settings, scaled, models,
                modelFormats);
    }

    /** The same run writing to another file and reporting no progress; for methods that build candidates. */
    public MethodRun withOutput(Path otherOutput, MethodParams otherParams) {
        return new MethodRun(input, inputFormat, otherOutput, otherParams, dataset, evaluation, settings, share -> { },
                models, modelFormats);
    }
}
