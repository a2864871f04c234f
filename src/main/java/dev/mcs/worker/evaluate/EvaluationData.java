package dev.mcs.worker.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcs.worker.engine.DatasetPart;

/**
 * Where fidelity and accuracy were measured, so that a reader of the metrics knows whether the numbers come from
 * data the method has seen.
 *
 * @param source {@code evaluation-dataset}, {@code held-out}, {@code calibration-dataset} (a dataset too small to
 *     split, used for both) or {@code synthetic}
 * @param samples samples compared
 * @param rule how the held-out samples were chosen, only for {@code held-out}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationData(String source, int samples, String rule) {

    static final String SYNTHETIC = "synthetic";

    static EvaluationData of(DatasetPart part, int samples) {
        return part == null ? new EvaluationData(SYNTHETIC, samples, null)
                : new EvaluationData(part.source(), samples, part.rule());
    }
}
