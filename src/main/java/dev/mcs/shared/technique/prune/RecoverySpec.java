package dev.mcs.shared.technique.prune;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Training of the pruned model against the original model's outputs on the job's dataset, with DISTILL's schedule
 * (AdamW, warm-up, cosine decay, best checkpoint on a validation slice) and its loss for the model's output: soft
 * targets (KL x T^2, blended with labels when there are any) for a classifier {@code [batch, classes]}, the pooled
 * embedding plus hidden-state matching of {@code layers} students for an encoder {@code [batch, sequence, hidden]}.
 * Masks of unstructured methods are held: pruned weights stay zero.
 *
 * @param epochs most passes over the training part of the dataset
 * @param batchSize samples per optimizer step
 * @param learningRate AdamW's peak learning rate; absent, the worker chooses by the model's output
 *     ({@link #CLASSIFIER_LEARNING_RATE} or {@link #ENCODER_LEARNING_RATE})
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupFraction share of the steps of linear warm-up
 * @param patience epochs without a better validation loss before training stops
 * @param maxTrainingTime training stops after this long, keeping the best checkpoint
 * @param temperature softmax temperature of the soft targets (classifier outputs; an encoder's loss has none)
 * @param seed seed of the shuffling
 * @param steps gradual pruning: pruning and recovery alternate this many times, the removed share (of units for
 *     {@code structured}, of weights for masks) rising on a cubic ramp to the method's {@code sparsity}, each recovery
 *     given {@code maxTrainingTime / steps}; 1 prunes at once; the N:M patterns of {@code wanda} prune at once
 * @param penalty {@code none}; {@code l1} (masks only): after every optimizer step each kept weight of the pruned
 *     tensors shrinks towards zero by {@code learningRate x penaltyStrength} and stops at zero (the proximal step of an
 *     L1 term), so weights the loss does not need become zero too; {@code group-lasso} ({@code structured} only): the
 *     same step on whole units (an FFN neuron, a head, a Conv channel with every weight that holds it), each unit's
 *     norm shrinking by {@code learningRate x penaltyStrength x sqrt(unit size)}, and units that reach zero are removed
 *     from the graph after recovery
 * @param penaltyStrength the penalty's coefficient; required with a penalty (its scale depends on the model), refused
 *     without
 * @param checkpoint which epoch recovery keeps: {@code best} (lowest validation loss) or {@code sparsest-within} (with
 *     a penalty: the epoch with the most zeros among those whose validation agreement lies within
 *     {@code checkpointTolerance} of the best seen)
 * @param checkpointTolerance with {@code sparsest-within}: the validation top-1 agreement (a share, 0.01 = one point)
 *     the checkpoint may give up for zeros; refused with {@code best}
 * @param outputKind what the model's first output holds, which decides the loss: {@code auto} (read from the graph:
 *     a {@code [batch, hidden]} output made by a reduction, normalization or row pick after the encoder is an
 *     embedding, any other rank-2 output class scores, a rank-3 output token states), {@code classes} or
 *     {@code embedding} (cosine on the output itself, no pooling, no temperature)
 * @param unknown fields the request gave that recovery does not know, refused by {@link #validate()}; never stored
 */
@Schema(name = "PruneRecovery", description = "Training of the pruned model against the original's outputs")
public record RecoverySpec(
        @Schema(description = "Most epochs (default 60; patience usually stops a small model sooner)", minimum = "1", maximum = "1000") Integer epochs,
        @Schema(description = "Samples per step (default 32)", minimum = "1", maximum = "4096") Integer batchSize,
        @Schema(description = "Peak learning rate (default 1e-3 for a classifier output, 1e-4 for an encoder output [batch, sequence, hidden])", minimum = "0", exclusiveMinimum = true, maximum = "1") Double learningRate,
        @Schema(description = "AdamW weight decay (default 0)", minimum = "0", maximum = "1") Double weightDecay,
        @Schema(description = "Share of steps for linear warm-up (default 0.05)", minimum = "0", maximum = "0.5") Double warmupFraction,
        @Schema(description = "Epochs without validation improvement before stopping (default 5)", minimum = "1", maximum = "1000") Integer patience,
        @Schema(description = "ISO-8601 duration after which the best checkpoint is kept (default PT10M, at most PT24H)", type = "string", example = "PT5M") Duration maxTrainingTime,
        @Schema(description = "Soft-target temperature of classifier outputs (default 2)", minimum = "0.1", maximum = "50") Double temperature,
        @Schema(description = "Seed of the shuffling (default 0)", minimum = "0") Long seed,
        @Schema(description = "Gradual pruning: prune and recover this many times, the removed share rising on a cubic ramp to 'sparsity'; each recovery gets maxTrainingTime / steps (default 1: at once; wanda's N:M patterns: 1 only)", minimum = "1", maximum = "20") Integer steps,
        @Schema(description = "Sparsity-inducing penalty during recovery: none; l1 (magnitude and wanda, classifier outputs): kept weights of the pruned tensors shrink by learningRate x penaltyStrength after every step, stopping at zero; group-lasso (structured only): each unit (FFN neuron, head, Conv channel with all its weights) shrinks as a whole by learningRate x penaltyStrength x sqrt(unit size), stopping at zero, and units at zero are cut from the graph after recovery (default none)", allowableValues = {"none", "l1", "group-lasso"}) String penalty,
        @Schema(description = "The penalty's coefficient; required with a penalty, refused without it", minimum = "0", exclusiveMinimum = true, maximum = "1") Double penaltyStrength,
        @Schema(description = "What the first output holds, which decides the loss: auto (read from the graph: a [batch, hidden] output made by a reduction, normalization or [CLS] pick is an embedding, other rank-2 outputs class scores), classes (soft targets with temperature) or embedding (cosine on the output itself, no pooling); default auto. TorchScript (graph not read): a module fed input_ids and attention_mask whose output is [batch, sequence, hidden] on a sample trains on its mask-pooled token states; a [batch, hidden] output needs embedding; a module fed one float array trains as a classifier", allowableValues = {"auto", "classes", "embedding"}) String outputKind,
        @Schema(description = "Which epoch recovery keeps: best (lowest validation loss) or sparsest-within (needs a penalty; classifier outputs: the epoch with the most zeros among those whose validation top-1 agreement lies within checkpointTolerance of the best seen); default best", allowableValues = {"best", "sparsest-within"}) String checkpoint,
        @Schema(description = "With checkpoint sparsest-within: the validation top-1 agreement the checkpoint may give up for zeros, as a share (default 0.01, one point); refused with best", minimum = "0", maximum = "0.5") Double checkpointTolerance,
        @JsonAnySetter @JsonIgnore @Schema(hidden = true) Map<String, Object> unknown) {

    static final List<String> FIELDS = List.of("epochs", "batchSize", "learningRate", "weightDecay", "warmupFraction",
            "patience", "maxTrainingTime", "temperature", "seed", "steps", "penalty", "penaltyStrength", "outputKind",
            "checkpoint", "checkpointTolerance");
    public static final String NO_PENALTY = "none";
    public static final String L1 = "l1";
    public static final String GROUP_LASSO = "group-lasso";
    static final List<String> PENALTIES = List.of(NO_PENALTY, L1, GROUP_LASSO);
    public static final String BEST = "best";
    public static final String SPARSEST_WITHIN = "sparsest-within";
    static final List<String> CHECKPOINTS = List.of(BEST, SPARSEST_WITHIN);
    /** One point of top-1 agreement: the issue's own bar for "within" on the digits CNNs. */
    static final double DEFAULT_CHECKPOINT_TOLERANCE = 0.01;
    public static final String AUTO = "auto";
    static final String EMBEDDING = "embedding";
    static final List<String> OUTPUT_KINDS = List.of(AUTO, "classes", "embedding");

    /** Recovery without a penalty. */
    public RecoverySpec(Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
            Double warmupFraction, Integer patience, Duration maxTrainingTime, Double temperature, Long seed,
            Integer steps, Map<String, Object> unknown) {
        this(epochs, batchSize, learningRate, weightDecay, warmupFraction, patience, maxTrainingTime, temperature, seed,
                steps, null, null, unknown);
    }

    /** Recovery whose output kind is read from the graph. */
    public RecoverySpec(Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
            Double warmupFraction, Integer patience, Duration maxTrainingTime, Double temperature, Long seed,
            Integer steps, String penalty, Double penaltyStrength, Map<String, Object> unknown) {
        this(epochs, batchSize, learningRate, weightDecay, warmupFraction, patience, maxTrainingTime, temperature, seed,
                steps, penalty, penaltyStrength, null, unknown);
    }

    /** Recovery that keeps the checkpoint of the lowest validation loss. */
    public RecoverySpec(Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
            Double warmupFraction, Integer patience, Duration maxTrainingTime, Double temperature, Long seed,
            Integer steps, String penalty, Double penaltyStrength, String outputKind, Map<String, Object> unknown) {
        this(epochs, batchSize, learningRate, weightDecay, warmupFraction, patience, maxTrainingTime, temperature, seed,
                steps, penalty, penaltyStrength, outputKind, null, null, unknown);
    }

    static final Duration MAX_TRAINING_TIME = Duration.ofHours(24);
    static final int MAX_STEPS = 20;

    /**
     * Most epochs by default. The cosine schedule spans them, so they set how long the rate stays high, and patience
     * stops a model that has stopped improving. On 15 pruned digits CNNs (docs/pruning.md, "Recovery epochs") 60 kept
     * more than 30 in 4 cases (by 1 to 11 of 360 images), less in 1 (by one image), and the same in the others.
     */
    static final int DEFAULT_EPOCHS = 60;

    /** Fine-tuning of a trained classifier (measured on the digits CNNs, docs/pruning.md). */
    public static final double CLASSIFIER_LEARNING_RATE = 1e-3;
    /**
     * Fine-tuning of a pretrained transformer: the customary range is 1e-5 to 1e-4, and the layers students' 3e-4
     * already diverged once on MiniLM (docs/distillation.md); recovery starts closer to its target than they do.
     */
    public static final double ENCODER_LEARNING_RATE = 1e-4;

    /**
     * The pruned model starts from trained weights, so recovery fine-tunes: a low rate and no weight decay (decay
     * would pull the kept weights of a small model towards zero for nothing). The rate stays absent unless given: it
     * depends on the model's output, which the worker reads.
     */
    RecoverySpec withDefaults() {
        return new RecoverySpec(Sparsity.or(epochs, DEFAULT_EPOCHS), Sparsity.or(batchSize, 32), learningRate,
                Sparsity.or(weightDecay, 0.0), Sparsity.or(warmupFraction, 0.05), Sparsity.or(patience, 5),
                Sparsity.or(maxTrainingTime, Duration.ofMinutes(10)), Sparsity.or(temperature, 2.0),
                Sparsity.or(seed, 0L), Sparsity.or(steps, 1), Sparsity.or(penalty, NO_PENALTY), penaltyStrength,
                Sparsity.or(outputKind, AUTO), Sparsity.or(checkpoint, BEST), SPARSEST_WITHIN.equals(checkpoint)
                        ? Sparsity.or(checkpointTolerance, DEFAULT_CHECKPOINT_TOLERANCE) : checkpointTolerance, unknown);
    }

    /** The same recovery with {@code otherSteps} steps and {@code otherTime} of training (a gradual step's). */
    public RecoverySpec withSteps(int otherSteps, Duration otherTime) {
        return new RecoverySpec(epochs, batchSize, learningRate, weightDecay, warmupFraction, patience, otherTime,
                temperature, seed, otherSteps, penalty, penaltyStrength, outputKind, checkpoint, checkpointTolerance,
                unknown);
    }

    /** Whether the L1 penalty applies. */
    public boolean l1() {
        return L1.equals(penalty);
    }

    /** Whether the group lasso applies. */
    public boolean groupLasso() {
        return GROUP_LASSO.equals(penalty);
    }

    /** The tolerance of a sparsest-within checkpoint, or null to keep the lowest validation loss. */
    public Double sparsestWithin() {
        return SPARSEST_WITHIN.equals(checkpoint) ? checkpointTolerance : null;
    }

    void validate() {
        if (unknown != null && !unknown.isEmpty()) {
            String field = unknown.keySet().iterator().next();
            throw ParamChecks.invalid("recovery." + field, "unknown parameter 'params.recovery." + field
                    + "'; valid parameters: " + FIELDS, FIELDS);
        }
        count("recovery.epochs", epochs, 1000);
        count("recovery.batchSize", batchSize, 4096);
        count("recovery.patience", patience, 1000);
        count("recovery.steps", steps, MAX_STEPS);
        ParamChecks.within("recovery.learningRate", learningRate, Double.MIN_VALUE, 1);
        ParamChecks.within("recovery.weightDecay", weightDecay, 0, 1);
        ParamChecks.within("recovery.warmupFraction", warmupFraction, 0, 0.5);
        ParamChecks.within("recovery.temperature", temperature, 0.1, 50);
        if (maxTrainingTime.isNegative() || maxTrainingTime.isZero() || maxTrainingTime.compareTo(MAX_TRAINING_TIME) > 0) {
            throw ParamChecks.invalid("recovery.maxTrainingTime", "'params.recovery.maxTrainingTime' must be an"
                    + " ISO-8601 duration in (PT0S, PT24H], got " + maxTrainingTime, null);
        }
        checkPenalty();
        checkCheckpoint();
        ParamChecks.oneOf("recovery.outputKind", outputKind, OUTPUT_KINDS);
        if (seed < 0) {
            throw ParamChecks.invalid("recovery.seed", "'params.recovery.seed' must not be negative, got " + seed, null);
        }
    }

    private static void count(String field, Integer value, int max) {
        if (value < 1 || value > max) {
            throw ParamChecks.invalid(field, "'params." + field + "' must lie in [1, " + max + "], got " + value, null);
        }
    }

    private void checkPenalty() {
        ParamChecks.oneOf("recovery.penalty", penalty, PENALTIES);
        boolean any = !NO_PENALTY.equals(penalty);
        if (any && penaltyStrength == null) {
            throw ParamChecks.invalid("recovery.penaltyStrength", "'params.recovery.penalty' '" + penalty + "' needs"
                    + " 'params.recovery.penaltyStrength' (its coefficient, in (0, 1]; its scale depends on the model,"
                    + " so there is no default)", null);
        }
        if (!any && penaltyStrength != null) {
            throw ParamChecks.invalid("recovery.penaltyStrength", "'params.recovery.penaltyStrength' applies to a"
                    + " 'params.recovery.penalty' ('l1' or 'group-lasso'); the penalty is '" + penalty + "'", null);
        }
        ParamChecks.within("recovery.penaltyStrength", penaltyStrength, Double.MIN_VALUE, 1);
    }

    /** A sparsest checkpoint counts the penalty's zeros: without a penalty there are none to weigh. */
    private void checkCheckpoint() {
        ParamChecks.oneOf("recovery.checkpoint", checkpoint, CHECKPOINTS);
        boolean sparsest = SPARSEST_WITHIN.equals(checkpoint);
        if (sparsest && NO_PENALTY.equals(penalty)) {
            throw ParamChecks.invalid("recovery.checkpoint", "'params.recovery.checkpoint' 'sparsest-within' weighs"
                    + " the zeros of a penalty; give 'params.recovery.penalty' ('l1' or 'group-lasso') or use 'best'",
                    CHECKPOINTS);
        }
        if (!sparsest && checkpointTolerance != null) {
            throw ParamChecks.invalid("recovery.checkpointTolerance", "'params.recovery.checkpointTolerance' applies"
                    + " to 'params.recovery.checkpoint' 'sparsest-within' only; the checkpoint is '" + checkpoint + "'",
                    null);
        }
        ParamChecks.within("recovery.checkpointTolerance", checkpointTolerance, 0, 0.5);
    }
}
