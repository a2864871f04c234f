package dev.mcs.worker.quantize;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.RunnerRegistry;
import java.nio.file.Path;

/** Runs a QUANTIZE method the way a worker does: through the runner registry, with the API's defaults filled in. */
public final class QuantizeRuns {

    private QuantizeRuns() {}

    /** With {@code dataset} (if any) used whole, both to calibrate and to check targets on. */
    public static Record apply(MethodParams params, Path input, Path output, Path dataset, EvaluationSettings settings)
            throws Exception {
        DatasetPart whole = dataset == null ? null : DatasetPart.whole(dataset);
        return applySplit(params, input, output, new DatasetSplit(whole, whole), settings);
    }

    /** With the data split as a worker splits a job's datasets (see {@link DatasetSplit#of}). */
    public static Record applySplit(MethodParams params, Path input, Path output, DatasetSplit data,
            EvaluationSettings settings) throws Exception {
        return RunnerRegistry.installed().find(new MethodKey(JobType.QUANTIZE, params.method())).orElseThrow()
                .apply(new MethodRun(input, ModelFormat.ONNX, output, params.withDefaults(), data.calibration(),
                        data.evaluation(), settings, x -> { }));
    }
}
