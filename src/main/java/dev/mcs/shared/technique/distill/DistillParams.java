package dev.mcs.shared.technique.distill;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Parameters of {@code distill}: a student trained to reproduce the teacher's outputs on the job's dataset.
 *
 * @param method {@code distill}
 * @param student the student to train
 * @param temperature softmax temperature of the soft targets (classifier outputs); the KL term is scaled by T²
 * @param alpha weight of the soft-target loss against the hard-label loss, when the dataset has labels
 * @param embeddingLoss loss on the mask-pooled output of embedding models: {@code cosine} or {@code mse}
 * @param matchLayers with a {@code layers} student: also match each kept layer's hidden states to the teacher layer
 *     it came from (the last kept layer to the teacher's last layer)
 * @param freezeEmbeddings with a {@code layers} student: keep the embedding tables indexed by the token inputs (word
 *     and token-type embeddings) as the teacher's
 * @param epochs most passes over the training part of the dataset
 * @param batchSize samples per optimizer step
 * @param learningRate AdamW's peak learning rate
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupFraction share of the steps over which the learning rate rises linearly before it decays
 * @param patience epochs without a better validation score before training stops early
 * @param maxTrainingTime training stops after this long and keeps the best checkpoint so far
 * @param seed seed of initialization and shuffling: the same seed gives the same result
 * @param outputKind what the teacher's first output holds, which decides the loss of an uploaded ({@code model})
 *     student: {@code auto} (read from the ONNX graph: a {@code [batch, hidden]} output made by a reduction,
 *     normalization or [CLS] pick is an embedding, any other rank-2 output class scores, a rank-3 output token
 *     states), {@code classes} (soft targets) or {@code embedding} ({@code embeddingLoss} on the output, pooled over
 *     the attention mask only when it is per token)
 */
@Schema(name = "DistillParams", description = "distill: train a smaller student on the teacher's outputs")
public record DistillParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "distill") String method,
        @Schema(description = "The student (required)", requiredMode = Schema.RequiredMode.REQUIRED) StudentSpec student,
        @Schema(description = "Soft-target temperature (default 2)", minimum = "0.1", maximum = "50") Double temperature,
        @Schema(description = "Weight of the soft-target loss against labels, only with a labelled dataset (default 0.5)", minimum = "0", maximum = "1") Double alpha,
        @Schema(description = "Loss on mask-pooled embeddings of embedding models (default cosine); not for generated students, which are classifiers", allowableValues = {"cosine", "mse"}) String embeddingLoss,
        @Schema(description = "layers students: also match each kept layer's hidden states to the teacher layer it came from, the last one to the teacher's last layer (default true)") Boolean matchLayers,
        @Schema(description = "layers students: keep the teacher's word (and token-type) embedding tables frozen (default true)") Boolean freezeEmbeddings,
        @Schema(description = "Most epochs (default 100, layers students 10)", minimum = "1", maximum = "1000") Integer epochs,
        @Schema(description = "Samples per step (default 32)", minimum = "1", maximum = "4096") Integer batchSize,
        @Schema(description = "Peak learning rate (default 1e-2 for generated students, 3e-4 for layers students, 1e-3 for uploaded ones)", minimum = "0", exclusiveMinimum = true, maximum = "1") Double learningRate,
        @Schema(description = "AdamW weight decay (default 0.01)", minimum = "0", maximum = "1") Double weightDecay,
        @Schema(description = "Share of steps for linear warm-up (default 0.05)", minimum = "0", maximum = "0.5") Double warmupFraction,
        @Schema(description = "Epochs without validation improvement before stopping (default 25 generated students, 10 uploaded, 3 layers students)", minimum = "1", maximum = "1000") Integer patience,
        @Schema(description = "ISO-8601 duration after which the best checkpoint is kept (default PT20M, at most PT24H)", type = "string", example = "PT20M") Duration maxTrainingTime,
        @Schema(description = "Seed of initialization and shuffling (default 0)", minimum = "0") Long seed,
        @Schema(description = "What the teacher's first output holds, which decides an uploaded (model) student's loss: auto (read from the ONNX graph: a [batch, hidden] output made by a reduction, normalization or [CLS] pick is an embedding, other rank-2 outputs class scores, rank-3 outputs token states), classes (soft targets) or embedding (embeddingLoss on the output); default auto; not for generated students", allowableValues = {"auto", "classes", "embedding"}) String outputKind)
        implements MethodParams {

    public static final String NAME = "distill";
    public static final String AUTO = "auto";

    /** Parameters whose output kind is read from the teacher's graph. */
    public DistillParams(String method, StudentSpec student, Double temperature, Double alpha, String embeddingLoss,
            Boolean matchLayers, Boolean freezeEmbeddings, Integer epochs, Integer batchSize, Double learningRate,
            Double weightDecay, Double warmupFraction, Integer patience, Duration maxTrainingTime, Long seed) {
        this(method, student, temperature, alpha, embeddingLoss, matchLayers, freezeEmbeddings, epochs, batchSize,
                learningRate, weightDecay, warmupFraction, patience, maxTrainingTime, seed, null);
    }

    /** The key of an uploaded student among the job's referenced models. */
    public static final String STUDENT_MODEL = "student.modelId";
    static final Duration MAX_TRAINING_TIME = Duration.ofHours(24);
    /** The element type of the teacher output a student learns. */
    static final String FLOAT = "float";

    /**
     * Defaults per student kind, measured (docs/distillation.md): a generated student trains from scratch and
     * needs a high rate and many cheap epochs (digits CNN, 10x smaller: lr 1e-3 stalled, 1e-2 reached 95.0 % in 40
     * epochs and 96.4 % in 100); a layers student starts from the teacher's weights and its epochs over a sentence
     * corpus are long, so it gets a low rate and few epochs; an uploaded student sits in between.
     */
    @Override
    public DistillParams withDefaults() {
        StudentSpec filled = student == null ? null : student.withDefaults();
        String kind = filled == null ? null : filled.kind();
        boolean layers = StudentSpec.LAYERS.equals(kind);
        boolean generated = StudentSpec.ARCHITECTURE.equals(kind);
        return new DistillParams(method, filled, or(temperature, 2.0), alpha,
                generated ? embeddingLoss : or(embeddingLoss, "cosine"),
                layers ? or(matchLayers, true) : matchLayers, layers ? or(freezeEmbeddings, true) : freezeEmbeddings,
                or(epochs, layers ? 10 : 100), or(batchSize, 32), or(learningRate, layers ? 3e-4 : generated ? 1e-2 : 1e-3),
                or(weightDecay, 0.01), or(warmupFraction, 0.05), or(patience, layers ? 3 : generated ? 25 : 10),
                or(maxTrainingTime, Duration.ofMinutes(20)), or(seed, 0L),
                generated ? outputKind : or(outputKind, AUTO));
    }

    @Override
    public void validate(DatasetFacts dataset) {
        if (student == null) {
            throw ParamChecks.invalid("student", "'params.student' is required, e.g. {\"kind\": \"layers\", \"keep\":"
                    + " [0, 2, 4]}", null);
        }
        student.validate();
        new TrainingChecks(this).check();
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("'distill' trains on data: give a 'datasetId' of an NPZ dataset with"
                    + " the teacher's inputs (and 'labels', optionally)");
        }
        if (alpha != null && !dataset.labelled()) {
            throw ParamChecks.invalid("alpha", "'params.alpha' weighs the soft targets against labels, and the"
                    + " dataset has no 'labels' array", null);
        }
    }

    /** The teacher's format and inspection decide which students can be trained at all; see {@link TeacherFit}. */
    @Override
    public void fit(ModelFacts model) {
        new TeacherFit(this, model).check();
    }

    /** An uploaded student ({@code kind: model}) is read by the worker from its own file. */
    @Override
    public Map<String, UUID> referencedModels() {
        boolean uploaded = student != null && StudentSpec.MODEL.equals(student.kind()) && student.modelId() != null;
        return uploaded ? Map.of(STUDENT_MODEL, student.modelId()) : Map.of();
    }

    /** An uploaded student reproduces the teacher's outputs, so it must write as many values per sample. */
    @Override
    public Set<String> referencedModelsMatchingOutput() {
        return referencedModels().keySet();
    }

    /** An uploaded student may be ONNX or TorchScript. */
    @Override
    public Set<ModelFormat> referencedFormats() {
        return Set.of(ModelFormat.ONNX, ModelFormat.TORCHSCRIPT);
    }

    /** An uploaded TorchScript student is trained in libtorch and returned as TorchScript. */
    @Override
    public ModelFormat outputFormat(ModelFormat declared, Map<String, ModelFormat> referenced) {
        return referenced.get(STUDENT_MODEL) == ModelFormat.TORCHSCRIPT ? ModelFormat.TORCHSCRIPT : declared;
    }

    static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
