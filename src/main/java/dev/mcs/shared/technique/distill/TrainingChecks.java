package dev.mcs.shared.technique.distill;

import dev.mcs.shared.technique.ParamChecks;
import java.time.Duration;
import java.util.List;

/** Range checks of the training settings of {@link DistillParams}, once defaults are filled in. */
final class TrainingChecks {

    private final DistillParams params;

    TrainingChecks(DistillParams params) {
        this.params = params;
    }

    void check() {
        ParamChecks.within("temperature", params.temperature(), 0.1, 50);
        ParamChecks.within("alpha", params.alpha(), 0, 1);
        ParamChecks.oneOf("embeddingLoss", params.embeddingLoss(), List.of("cosine", "mse"));
        if (params.embeddingLoss() != null && StudentSpec.ARCHITECTURE.equals(params.student().kind())) {
            throw ParamChecks.invalid("embeddingLoss", "'params.embeddingLoss' applies to embedding models; a"
                    + " generated student is a classifier trained on soft targets ('temperature', 'alpha')", null);
        }
        ParamChecks.oneOf("outputKind", params.outputKind(), List.of(DistillParams.AUTO, "classes", "embedding"));
        if (params.outputKind() != null && StudentSpec.ARCHITECTURE.equals(params.student().kind())) {
            throw ParamChecks.invalid("outputKind", "'params.outputKind' decides an uploaded student's loss; a"
                    + " generated student is a classifier trained on soft targets", null);
        }
        if ("classes".equals(params.outputKind()) && StudentSpec.LAYERS.equals(params.student().kind())) {
            throw ParamChecks.invalid("outputKind", "'params.outputKind' 'classes' does not apply to a layers student,"
                    + " which is an encoder trained on the teacher's embedding ('embeddingLoss')", null);
        }
        layersOnly("matchLayers", params.matchLayers());
        layersOnly("freezeEmbeddings", params.freezeEmbeddings());
        count("epochs", params.epochs(), 1000);
        count("batchSize", params.batchSize(), 4096);
        count("patience", params.patience(), 1000);
        ParamChecks.within("learningRate", params.learningRate(), Double.MIN_VALUE, 1);
        ParamChecks.within("weightDecay", params.weightDecay(), 0, 1);
        ParamChecks.within("warmupFraction", params.warmupFraction(), 0, 0.5);
        duration(params.maxTrainingTime());
        if (params.seed() != null && params.seed() < 0) {
            throw ParamChecks.invalid("seed", "'params.seed' must not be negative, got " + params.seed(), null);
        }
    }

    private void layersOnly(String field, Boolean value) {
        if (value != null && !StudentSpec.LAYERS.equals(params.student().kind())) {
            throw ParamChecks.invalid(field, "'params." + field + "' only applies to a student of kind 'layers'", null);
        }
    }

    private static void count(String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            throw ParamChecks.invalid(field, "'params." + field + "' must lie in [1, " + max + "], got " + value, null);
        }
    }

    private static void duration(Duration value) {
        if (value != null && (value.isNegative() || value.isZero() || value.compareTo(DistillParams.MAX_TRAINING_TIME) > 0)) {
            throw ParamChecks.invalid("maxTrainingTime", "'params.maxTrainingTime' must be an ISO-8601 duration in"
                    + " (PT0S, PT24H], got " + value, null);
        }
    }
}
