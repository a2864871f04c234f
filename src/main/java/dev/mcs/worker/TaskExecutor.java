package dev.mcs.worker;

import dev.mcs.evaluate.EvaluationException;
import dev.mcs.evaluate.EvaluationReport;
import dev.mcs.evaluate.ModelEvaluator;
import dev.mcs.inspect.InvalidModelException;
import dev.mcs.inspect.ModelInspection;
import dev.mcs.inspect.ModelInspector;
import dev.mcs.job.QuantizeParams;
import dev.mcs.model.ModelFormat;
import dev.mcs.quantize.QuantizationRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one task inside the worker JVM; every native engine object lives only here and below. */
final class TaskExecutor {

    static final String OUTPUT_ONNX = "output.onnx";

    private final ProgressListener progress;
    private final Path workDir;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    TaskExecutor(ProgressListener progress, Path workDir) {
        this.progress = progress;
        this.workDir = workDir;
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
        Path output = workDir.resolve(OUTPUT_ONNX);
        Object summary = runTechnique(task, input, output);
        progress.onProgress(0.3, "checking the compressed model");
        ModelInspection outputInspection = inspectOutput(output);
        EvaluationReport report = evaluate(task, input, output);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("report", report);
        metrics.put("technique", summary);
        metrics.put("worker", WorkerMemory.snapshot());
        progress.onProgress(1.0, "done");
        return new WorkerResult(WorkerResult.OK, null, null, null, OUTPUT_ONNX, ModelFormat.ONNX,
                FileDigest.sha256(output), FileDigest.size(output), outputInspection, metrics, timings);
    }

    private Object runTechnique(WorkerTask task, Path input, Path output) throws WorkerFailure {
        progress.onProgress(0.05, "compressing");
        long start = System.nanoTime();
        if (!(task.technique() instanceof QuantizeParams quantize)) {
            throw Techniques.notImplemented(task.technique().type().name());
        }
        Path dataset = task.datasetPath() == null ? null : Path.of(task.datasetPath());
        Object summary = Techniques.quantize(task.format(), new QuantizationRequest(input, output, quantize, dataset,
                task.evaluation(), fraction -> progress.onProgress(0.05 + 0.25 * fraction, "compressing")));
        timings.put("compressionMs", (System.nanoTime() - start) / 1_000_000);
        return summary;
    }

    private ModelInspection inspectOutput(Path output) throws WorkerFailure {
        try {
            return new ModelInspector().inspect(output, ModelFormat.ONNX);
        } catch (InvalidModelException e) {
            throw new WorkerFailure("invalid-output", "the compressed model does not load: " + e.getMessage(), e);
        }
    }

    private EvaluationReport evaluate(WorkerTask task, Path input, Path output) throws WorkerFailure {
        progress.onProgress(0.35, "evaluating");
        long start = System.nanoTime();
        Path dataset = task.datasetPath() == null ? null : Path.of(task.datasetPath());
        try {
            EvaluationReport report = new ModelEvaluator().compare(input, output, dataset, task.evaluation(),
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
}
