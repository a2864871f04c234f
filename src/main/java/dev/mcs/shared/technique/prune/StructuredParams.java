package dev.mcs.shared.technique.prune;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@code structured}: whole units (Conv output channels, FFN neurons, attention heads) removed from the
 * graph.
 *
 * @param method {@code structured}
 * @param sparsity the share of each kind's units removed (ranked across layers within the kind); absent after
 *     {@link #withDefaults} when every kind has its own share
 * @param groups the kinds of units to remove; absent: every kind found
 * @param sparsityPerKind a share of its own for some kinds, overriding {@code sparsity} for them
 * @param criterion how a unit's importance is scored: {@code magnitude} (weights), {@code activation} (variance of
 *     its output on calibration data times its outgoing weights, or for units one layer reads the order a refit of
 *     that layer replaces best; needs a dataset) or {@code taylor}; by default
 *     {@code activation} when the job has a dataset, else {@code magnitude} ({@link #withDefaults(DatasetFacts)})
 * @param recovery optional training against the original model afterwards
 * @param residualStreams {@code auto} (default): {@code prune} where {@code keep} would leave more than the channels'
 *     kept share of the parameters ({@link #decidesResidualStreams}), else {@code keep}; {@code keep}: channels tied
 *     to a residual stream stay; {@code prune}: the channels of a residual stream written by Convs form one joint
 *     group across every layer that writes or reads the stream
 */
@Schema(name = "StructuredParams", description = "structured: removes whole channels, FFN neurons and attention heads")
public record StructuredParams(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = NAME) String method,
        @Schema(description = "Share of each kind's prunable units removed, in (0, 1) (default 0.25)", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double sparsity,
        @Schema(description = "Kinds of units removed: channels, ffn, heads (default: every kind found)") List<String> groups,
        @Schema(description = "A share of its own, in (0, 1), for some of the kinds removed, e.g. {\"ffn\": 0.4,"
                + " \"heads\": 0.25}; the others use 'sparsity'") Map<String, Double> sparsityPerKind,
        @Schema(description = "Importance score: magnitude, activation (variance, needs a dataset; units one layer reads, such as FFN neurons, leave in the order a least-squares refit of that layer replaces best) or taylor (|gradient x weight|, needs a dataset); default activation when the job has a datasetId, else magnitude", allowableValues = {"magnitude", "activation", "taylor"}) String criterion,
        @Schema(description = "Training against the original model after pruning (needs a dataset)") RecoverySpec recovery,
        @Schema(description = "Channels of a residual stream (the dimension every block of a ResNet adds to): prune"
                + " joins a stream written by Convs into one group (the stem, each block's last Conv and projection"
                + " shortcuts write it; a channel leaves all of them and every layer that reads the stream), needs"
                + " 'channels' among the groups and warns when no stream could be joined; keep leaves them; auto"
                + " (default) prunes them only where keeping them would leave more than the channels' kept share of"
                + " the parameters (1 - sparsity), and never warns (a transformer's hidden size is never joined)",
                allowableValues = {"auto", "keep", "prune"})
        String residualStreams)
        implements MethodParams {

    public static final String NAME = "structured";
    public static final String CHANNELS = "channels";
    public static final String FFN = "ffn";
    public static final String HEADS = "heads";
    static final List<String> GROUPS = List.of(CHANNELS, FFN, HEADS);
    static final List<String> CRITERIA = List.of("magnitude", "activation", "taylor");
    public static final String KEEP = "keep";
    public static final String PRUNE = "prune";
    public static final String AUTO = "auto";
    static final List<String> RESIDUAL_STREAMS = List.of(AUTO, KEEP, PRUNE);
    /**
     * Operators without which a kind of unit cannot exist: channels are Conv outputs, FFN neurons Gemm or MatMul
     * outputs, and attention heads are found from a Softmax feeding a MatMul (each list: one of them is needed).
     */
    static final Map<String, List<List<String>>> NEEDED = Map.of(
            CHANNELS, List.of(List.of(OpTypes.CONV)),
            FFN, List.of(List.of(OpTypes.GEMM, OpTypes.MATMUL)),
            HEADS, List.of(List.of(OpTypes.MATMUL), List.of(OpTypes.SOFTMAX)));

    /** Every kind at the same share. */
    public StructuredParams(String method, Double sparsity, List<String> groups, String criterion,
            RecoverySpec recovery) {
        this(method, sparsity, groups, null, criterion, recovery);
    }

    /** Residual streams as by default ({@code auto}). */
    public StructuredParams(String method, Double sparsity, List<String> groups, Map<String, Double> sparsityPerKind,
            String criterion, RecoverySpec recovery) {
        this(method, sparsity, groups, sparsityPerKind, criterion, recovery, null);
    }

    /** The same parameters with residual streams {@code keep} or {@code prune}. */
    public StructuredParams withResidualStreams(String mode) {
        return new StructuredParams(method, sparsity, groups, sparsityPerKind, criterion, recovery, mode);
    }

    /** Whether residual streams written by Convs are joined into groups and pruned: {@code prune} was asked for. */
    public boolean prunesResidualStreams() {
        return PRUNE.equals(residualStreams);
    }

    /**
     * Whether the pruning decides for itself whether to join residual streams ({@code auto} with channels removed,
     * after {@link #withDefaults}): it joins them when leaving them would keep more than the channels' kept share of
     * the parameters. The rule left them alone; measured on residual digits nets (docs/pruning.md, "Residual
     * streams by default"), that left a ResNet at 1.87 x fewer parameters for 50 % of its channels.
     */
    public boolean decidesResidualStreams() {
        return AUTO.equals(residualStreams) && groups.contains(CHANNELS);
    }

    /** {@code sparsity} stays absent when every kind removed has a share of its own: it would apply to nothing. */
    @Override
    public StructuredParams withDefaults() {
        List<String> kinds = Sparsity.or(groups, GROUPS);
        boolean allOwn = sparsityPerKind != null && sparsityPerKind.keySet().containsAll(kinds);
        return new StructuredParams(method, allOwn ? sparsity : Sparsity.or(sparsity, 0.25), kinds, sparsityPerKind,
                Sparsity.or(criterion, "magnitude"), recovery == null ? null : recovery.withDefaults(),
                Sparsity.or(residualStreams, AUTO));
    }

    /**
     * With a dataset the default criterion is {@code activation}: measured, it kept more than {@code magnitude} on
     * every model tried (MiniLM without recovery: pooled cosine 0.895 against 0.733; MobileNet-style CNN with
     * recovery: 99.44 % against 96.39 %; the digits CNNs: as good or better), and it refits the layer that reads the
     * removed units. Without one, {@code magnitude} is the only criterion that can run.
     */
    @Override
    public StructuredParams withDefaults(DatasetFacts dataset) {
        StructuredParams filled = withDefaults();
        return criterion != null || !dataset.present() ? filled : new StructuredParams(method, filled.sparsity,
                filled.groups, filled.sparsityPerKind, "activation", filled.recovery, filled.residualStreams);
    }

    /** The share removed of one kind's units (after {@link #withDefaults}). */
    public double sparsityOf(String kind) {
        Double own = sparsityPerKind == null ? null : sparsityPerKind.get(kind);
        return own != null ? own : sparsity;
    }

    @Override
    public void validate(DatasetFacts dataset) {
        Sparsity.check(sparsity);
        ParamChecks.subsetOf("groups", groups, GROUPS, true);
        checkPerKind(sparsityPerKind, sparsity != null, Sparsity.or(groups, GROUPS));
        ParamChecks.oneOf("criterion", criterion, CRITERIA);
        ParamChecks.oneOf("residualStreams", residualStreams, RESIDUAL_STREAMS);
        if (PRUNE.equals(residualStreams) && !Sparsity.or(groups, GROUPS).contains(CHANNELS)) {
            throw ParamChecks.invalid("residualStreams", "'params.residualStreams' 'prune' joins residual streams"
                    + " written by Convs, whose channels are the kind 'channels', which 'params.groups' leaves out",
                    RESIDUAL_STREAMS);
        }
        if (!"magnitude".equals(criterion) && !dataset.present()) {
            throw ParamChecks.datasetRequired("criterion '" + criterion + "' scores units on calibration data: give a"
                    + " 'datasetId', or use criterion 'magnitude'");
        }
        Recovery.check(recovery, dataset);
    }

    /** A TorchScript module's graph is compiled code: Java can change its weights, not the shapes of its layers. */
    @Override
    public String formatRefusal(ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT ? "structured pruning removes units from the graph, and a TorchScript"
                + " module's structure cannot be changed from Java (its weights can: method 'magnitude' works on it)"
                : null;
    }

    /**
     * With every kind asked for (the default), the model needs one kind that can exist; a narrowed {@code groups} must
     * not name a kind the model cannot have, which would otherwise be silently left out.
     */
    @Override
    public void fit(ModelFacts model) {
        if (groups.containsAll(GROUPS)) {
            ModelChecks.needsSome(model, List.of(OpTypes.CONV, OpTypes.GEMM, OpTypes.MATMUL), "params.method",
                    "method 'structured' removes Conv channels and the outputs of Gemm or MatMul layers, and the model"
                            + " has none");
            return;
        }
        for (String group : groups) {
            for (List<String> needed : NEEDED.get(group)) {
                ModelChecks.needsSome(model, needed, "params.groups", "'params.groups' names '" + group
                        + "', which needs a node of " + needed + ", and the model has none");
            }
        }
    }

    /**
     * Each share names a kind that is removed and lies in (0, 1); a {@code sparsity} that no kind would use is refused
     * rather than ignored.
     */
    private static void checkPerKind(Map<String, Double> perKind, boolean sparsityGiven, List<String> kinds) {
        if (perKind == null) {
            return;
        }
        if (perKind.isEmpty()) {
            throw ParamChecks.invalid("sparsityPerKind", "'params.sparsityPerKind' names no kind; leave it out for"
                    + " 'sparsity' to apply to every kind", kinds);
        }
        perKind.forEach((kind, share) -> {
            String field = "sparsityPerKind." + kind;
            if (!kinds.contains(kind)) {
                throw ParamChecks.invalid(field, "'params." + field + "' names a kind that is not removed: the kinds"
                        + " removed are " + kinds + " ('params.groups')", kinds);
            }
            if (share == null || share.isNaN() || share <= 0 || share >= 1) {
                throw ParamChecks.invalid(field, "'params." + field + "' must lie in (0, 1), both ends excluded; got "
                        + share, null);
            }
        });
        if (sparsityGiven && perKind.keySet().containsAll(kinds)) {
            throw ParamChecks.invalid("sparsity", "'params.sparsity' would apply to no kind: every kind removed "
                    + kinds + " has its own share in 'params.sparsityPerKind'; leave one of them out", null);
        }
    }
}
