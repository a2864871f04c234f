package dev.mcs.worker;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.ProgressListener;
import dev.mcs.shared.protocol.WorkerResult;
import dev.mcs.shared.protocol.WorkerTask;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.evaluate.EvaluationException;
import dev.mcs.worker.evaluate.EvaluationReport;
import dev.mcs.worker.evaluate.ModelEvaluator;
import dev.mcs.worker.evaluate.SizeComparison;
import dev.mcs.worker.inspect.ModelInspection;
import dev.mcs.worker.inspect.ModelInspector;
import dev.mcs.worker.technique.StageProgress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** Runs one task inside the worker JVM; every native engine object lives only here and below. */
final class TaskExecutor {

    private final ProgressListener progress;
    private final Path workDir;
    private final ObjectMapper json;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    TaskExecutor(ProgressListener progress, Path workDir, ObjectMapper json) {
        this.progress = progress;
        this.workDir = workDir;
        this.json = json;
    }

    WorkerResult execute(WorkerTask task) throws WorkerFailure {
        return switch (task.kind()) {
            case INSPECT -> inspect(task);
            case COMPRESS -> compress(task);
        };
    }

    private WorkerResult inspect(WorkerTask task) {
        progress.onProgress(0.1, "inspecting model");
        try {
            ModelInspection inspection = new ModelInspector().inspect(Path.of(task.modelPath()), task.format());
            progress.onProgress(1.0, "inspected");
            return new WorkerResult(WorkerResult.OK, null, null, inspection, null, null, null, 0, null, null, sinceJvmStart());
        } catch (InvalidModelException e) {
            return WorkerResult.invalidModel(e.getMessage());
        }
    }

    private WorkerResult compress(WorkerTask task) throws WorkerFailure {
        timings.put("workerStartMs", sinceJvmStartMs());
        Path input = Path.of(task.modelPath());
        TechniqueStep step = TechniqueStep.resolve(task, json);
        DatasetSplit data = split(task);
        Path output = workDir.resolve(step.outputFileName());
        progress.onProgress(0.05, "compressing");
        long start = System.nanoTime();
        Object summary = step.apply(task, data, output, compressing());
        timings.put("compressionMs", (System.nanoTime() - start) / 1_000_000);
        progress.onProgress(0.3, "checking the compressed model");
        ModelInspection outputInspection = inspectOutput(output, step.outputFormat());
        Record report = task.format() == ModelFormat.ONNX && step.outputFormat() == ModelFormat.ONNX
                ? evaluate(task, data, input, output) : compareSizes(task, input, output, outputInspection);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("report", report);
        metrics.put("technique", summary);
        metrics.put("worker", WorkerMemory.snapshot());
        progress.onProgress(1.0, "done");
        return new WorkerResult(WorkerResult.OK, null, null, null, output.getFileName().toString(), step.outputFormat(),
                FileDigest.sha256(output), FileDigest.size(output), outputInspection, metrics, timings);
    }

    private ModelInspection inspectOutput(Path output, ModelFormat format) throws WorkerFailure {
        try {
            return new ModelInspector().inspect(output, format);
        } catch (InvalidModelException e) {
            throw new WorkerFailure("invalid-output", "the compressed model does not load: " + e.getMessage(), e);
        }
    }

    private SizeComparison compareSizes(WorkerTask task, Path input, Path output, ModelInspection outputInspection)
            throws WorkerFailure {
        progress.onProgress(0.35, "comparing sizes");
        try {
            ModelInspection inputInspection = new ModelInspector().inspect(input, task.format());
            return SizeComparison.of(input, inputInspection.parameterCount(), output, outputInspection.parameterCount(),
                    task.format() + " into " + outputInspection.format());
        } catch (InvalidModelException e) {
            throw new WorkerFailure("evaluation-failed", "the original model does not load: " + e.getMessage(), e);
        }
    }

    /** Calibration and evaluation data: see {@link DatasetSplit} for the held-out rule. */
    private static DatasetSplit split(WorkerTask task) throws WorkerFailure {
        try {
            return DatasetSplit.of(path(task.datasetPath()), path(task.evaluationDatasetPath()));
        } catch (InvalidDatasetException e) {
            throw new WorkerFailure("invalid-dataset", e.getMessage(), e);
        }
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private EvaluationReport evaluate(WorkerTask task, DatasetSplit data, Path input, Path output)
            throws WorkerFailure {
        progress.onProgress(0.35, "evaluating");
        long start = System.nanoTime();
        try {
            EvaluationReport report = new ModelEvaluator().compare(input, output, data.evaluation(), task.evaluation(),
                    fraction -> progress.onProgress(0.35 + 0.6 * fraction, "evaluating"));
            timings.put("evaluationMs", (System.nanoTime() - start) / 1_000_000);
            return report;
        } catch (EvaluationException e) {
            throw new WorkerFailure("evaluation-failed", e.getMessage(), e);
        }
    }

    private static long sinceJvmStartMs() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static Map<String, Long> sinceJvmStart() {
        return Map.of("inspectionMs", sinceJvmStartMs());
    }

    /** The compression step's share of the job's progress (5 % to 30 %), with what the method says it does. */
    private StageProgress compressing() {
        return new StageProgress() {
            @Override
            public void accept(double fraction) {
                progress.onProgress(0.05 + 0.25 * fraction, "compressing");
            }

            @Override
            public void accept(double fraction, String stage) {
                progress.onProgress(0.05 + 0.25 * fraction, "compressing: " + stage);
            }
        };
    }
}
