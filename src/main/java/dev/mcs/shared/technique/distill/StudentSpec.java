package dev.mcs.shared.technique.distill;

import dev.mcs.shared.technique.ParamChecks;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The student a DISTILL job trains. Each kind has its own fields; a field of another kind is refused rather than
 * ignored.
 *
 * @param kind {@code layers}, {@code architecture} or {@code model}
 * @param keep with {@code layers}: the teacher's encoder layers the student keeps, by index from 0
 * @param layers with {@code layers}, instead of {@code keep}: how many layers to keep, chosen by measurement
 * @param architecture with {@code architecture}: {@code mlp} or {@code cnn}
 * @param hidden with {@code mlp}: hidden layer widths
 * @param channels with {@code cnn}: output channels of each convolution stage
 * @param depthwiseSeparable with {@code cnn}: depthwise then pointwise convolutions instead of full ones
 * @param modelId with {@code model}: an uploaded student (ONNX or TorchScript) whose output matches the teacher's
 */
@Schema(name = "StudentSpec", description = "The student a DISTILL job trains; fields apply to one kind each")
public record StudentSpec(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"layers", "architecture", "model"}) String kind,
        @Schema(description = "layers: indices of the teacher's encoder layers to keep, ascending, from 0 (or give 'layers')", minLength = 1) List<Integer> keep,
        @Schema(description = "layers: how many of the teacher's encoder layers to keep, instead of 'keep'; the worker picks the subset whose pooled output is closest to the teacher's on the validation slice", minimum = "1") Integer layers,
        @Schema(description = "architecture: the generated student's family", allowableValues = {"mlp", "cnn"}) String architecture,
        @Schema(description = "architecture mlp: hidden layer widths (default: about a tenth of the teacher's parameters)") List<Integer> hidden,
        @Schema(description = "architecture cnn: output channels per convolution stage (default: about a tenth of the teacher's parameters)") List<Integer> channels,
        @Schema(description = "architecture cnn: depthwise-separable convolutions (default true)") Boolean depthwiseSeparable,
        @Schema(description = "model: id of an uploaded ONNX or TorchScript student") UUID modelId) {

    public static final String LAYERS = "layers";
    public static final String ARCHITECTURE = "architecture";
    public static final String MODEL = "model";
    static final List<String> KINDS = List.of(LAYERS, ARCHITECTURE, MODEL);
    static final List<String> ARCHITECTURES = List.of("mlp", "cnn");
    static final int MAX_WIDTH = 65_536;
    static final int MAX_DEPTH = 16;

    StudentSpec withDefaults() {
        boolean cnn = "cnn".equals(architecture);
        return new StudentSpec(kind, keep, layers, architecture, hidden, channels,
                cnn && depthwiseSeparable == null ? Boolean.TRUE : depthwiseSeparable, modelId);
    }

    void validate() {
        ParamChecks.oneOf("student.kind", kind, KINDS);
        if (kind == null) {
            throw ParamChecks.invalid("student.kind", "'params.student.kind' is required: one of " + KINDS, KINDS);
        }
        onlyFor(LAYERS, Map.of("keep", keep != null, "layers", layers != null));
        onlyFor(ARCHITECTURE, Map.of("architecture", architecture != null, "hidden", hidden != null,
                "channels", channels != null, "depthwiseSeparable", depthwiseSeparable != null));
        onlyFor(MODEL, Map.of("modelId", modelId != null));
        switch (kind) {
            case LAYERS -> checkKeep();
            case ARCHITECTURE -> checkArchitecture();
            default -> required("modelId", modelId);
        }
    }

    private void onlyFor(String owner, Map<String, Boolean> given) {
        given.forEach((field, present) -> {
            if (present && !owner.equals(kind)) {
                throw ParamChecks.invalid("student." + field, "'params.student." + field + "' only applies to kind '"
                        + owner + "', not '" + kind + "'", null);
            }
        });
    }

    private void checkKeep() {
        if (keep == null && layers == null || keep != null && layers != null) {
            throw ParamChecks.invalid("student.keep", "a student of kind 'layers' needs either 'params.student.keep'"
                    + " (the layers to keep, e.g. [0, 2, 4]) or 'params.student.layers' (how many; the worker chooses"
                    + " which by measurement), not both", null);
        }
        if (layers != null) {
            if (layers < 1) {
                throw ParamChecks.invalid("student.layers", "'params.student.layers' must be at least 1, got " + layers,
                        null);
            }
            return;
        }
        if (keep.isEmpty() || keep.stream().anyMatch(i -> i == null || i < 0)
                || new HashSet<>(keep).size() != keep.size() || !keep.equals(keep.stream().sorted().toList())) {
            throw ParamChecks.invalid("student.keep", "'params.student.keep' must list layer indices (from 0) in"
                    + " ascending order, each once, got " + keep, null);
        }
    }

    private void checkArchitecture() {
        required("architecture", architecture);
        ParamChecks.oneOf("student.architecture", architecture, ARCHITECTURES);
        if ("mlp".equals(architecture) && (channels != null || depthwiseSeparable != null)) {
            throw ParamChecks.invalid(channels != null ? "student.channels" : "student.depthwiseSeparable",
                    "'params.student.channels' and 'depthwiseSeparable' only apply to architecture 'cnn'", null);
        }
        if ("cnn".equals(architecture) && hidden != null) {
            throw ParamChecks.invalid("student.hidden", "'params.student.hidden' only applies to architecture 'mlp'",
                    null);
        }
        widths("hidden", hidden);
        widths("channels", channels);
    }

    private static void widths(String field, List<Integer> widths) {
        if (widths != null && (widths.isEmpty() || widths.size() > MAX_DEPTH
                || widths.stream().anyMatch(w -> w == null || w < 1 || w > MAX_WIDTH))) {
            throw ParamChecks.invalid("student." + field, "'params.student." + field + "' must list 1 to " + MAX_DEPTH
                    + " widths, each in [1, " + MAX_WIDTH + "], got " + widths, null);
        }
    }

    private void required(String field, Object value) {
        if (value == null) {
            throw ParamChecks.invalid("student." + field, "a student of kind '" + kind + "' needs 'params.student."
                    + field + "'", null);
        }
    }
}
