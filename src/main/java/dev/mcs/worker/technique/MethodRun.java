package dev.mcs.worker.technique;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.MethodParams;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * One application of a method inside a worker.
 *
 * @param input the model to compress
 * @param inputFormat its format
 * @param output where the compressed model is written, in the method's declared output format
 * @param params validated parameters with the method's defaults filled in
 * @param dataset NPZ dataset for calibration or training, or null
 * @param settings sample limits and seed, shared with evaluation
 * @param progress receives 0..1 as the method advances
 */
public record MethodRun(Path input, ModelFormat inputFormat, Path output, MethodParams params, Path dataset,
        EvaluationSettings settings, DoubleConsumer progress) {

    /** The parameters as the method's own record. */
    public <P extends MethodParams> P params(Class<P> type) throws TechniqueException {
        if (!type.isInstance(params)) {
            throw new TechniqueException("invalid-params", "method '" + params.method() + "' received "
                    + params.getClass().getSimpleName() + ", expected " + type.getSimpleName());
        }
        return type.cast(params);
    }

    /** The same run writing to another file and reporting no progress; for methods that build candidates. */
    public MethodRun withOutput(Path otherOutput, MethodParams otherParams) {
        return new MethodRun(input, inputFormat, otherOutput, otherParams, dataset, settings, share -> { });
    }
}
