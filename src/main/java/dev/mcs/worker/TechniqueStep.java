package dev.mcs.worker;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.WorkerTask;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.RunnerRegistry;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleConsumer;
import tools.jackson.databind.ObjectMapper;

/**
 * The method a compress task asks for: its API-side spec, its runner, its typed parameters, and the format it
 * writes (the spec's, or the input's for a method that keeps it, unless the task's referenced models decide
 * otherwise: {@link MethodParams#outputFormat}).
 */
record TechniqueStep(MethodSpec spec, MethodRunner runner, MethodParams params, ModelFormat outputFormat) {

    static TechniqueStep resolve(WorkerTask task, ObjectMapper json) throws WorkerFailure {
        String method = task.params() == null ? "" : task.params().path("method").asString();
        MethodSpec spec = TechniqueCatalog.installed().find(task.technique(), method).orElseThrow(() ->
                new WorkerFailure("not-implemented", task.technique() + " method '" + method + "' is not known", null));
        MethodRunner runner = RunnerRegistry.installed().find(spec.key()).orElseThrow(() ->
                new WorkerFailure("not-implemented", "no worker applies " + spec.key(), null));
        if (!spec.inputFormats().contains(task.format())) {
            throw new WorkerFailure("format-not-supported", task.technique().noun() + " method '" + method
                    + "' needs a model in " + spec.inputFormats() + ", got " + task.format(), null);
        }
        MethodParams params = TechniqueCatalog.installed().read(task.technique(), task.params(), json);
        return new TechniqueStep(spec, runner, params,
                params.outputFormat(spec.outputFormat(task.format()), task.referencedModelFormats()));
    }

    /** The output file's name; its extension follows the method's declared format. */
    String outputFileName() {
        return "output" + outputFormat.extension();
    }

    Record apply(WorkerTask task, DatasetSplit data, Path output, DoubleConsumer progress) throws WorkerFailure {
        try {
            Map<String, Path> models = new LinkedHashMap<>();
            task.referencedModelPaths().forEach((field, path) -> models.put(field, Path.of(path)));
            return runner.apply(new MethodRun(Path.of(task.modelPath()), task.format(), output, params,
                    data.calibration(), data.evaluation(), task.evaluation(), progress, models,
                    task.referencedModelFormats()));
        } catch (TechniqueException e) {
            throw new WorkerFailure(e.errorType(), e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkerFailure(spec.technique().failureType(), "could not read or write the model: "
                    + e.getMessage(), e);
        }
    }
}
