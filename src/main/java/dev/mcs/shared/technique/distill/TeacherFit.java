package dev.mcs.shared.technique.distill;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.ModelChecks;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.shared.technique.ParamChecks;
import java.util.List;
import java.util.Map;

/**
 * What the teacher's format and stored inspection already tell about a {@code distill} job, checked before it is
 * queued: each refusal here is one the worker would otherwise make minutes later, after reading the whole dataset.
 */
final class TeacherFit {

    /** Per-sample dimensions of a cnn student's input: channels, height, width (plus the batch axis). */
    private static final int IMAGE_RANK = 4;

    private final DistillParams params;
    private final ModelFacts teacher;

    TeacherFit(DistillParams params, ModelFacts teacher) {
        this.params = params;
        this.teacher = teacher;
    }

    void check() {
        switch (params.student().kind()) {
            case StudentSpec.LAYERS -> layers();
            case StudentSpec.ARCHITECTURE -> {
                floatOutput();
                generated();
            }
            default -> {
                floatOutput();
                embeddingTeacher();
            }
        }
    }

    /**
     * An uploaded student learns a teacher's embedding on the embedding loss only where the teacher's ONNX graph is
     * read; a TorchScript teacher's output is always trained as class scores, so {@code embedding} could never apply.
     */
    private void embeddingTeacher() {
        if ("embedding".equals(params.outputKind()) && teacher.format() == ModelFormat.TORCHSCRIPT) {
            throw ParamChecks.invalid("outputKind", "'params.outputKind' 'embedding' trains an uploaded student on an"
                    + " ONNX teacher's embedding, and this teacher is TORCHSCRIPT, whose output is trained as class"
                    + " scores; upload the teacher's ONNX export (torch.onnx.export) for an embedding, or use 'auto'",
                    List.of(DistillParams.AUTO, "classes"));
        }
    }

    /**
     * A layers student is cut from the teacher's ONNX graph. Each encoder layer the worker accepts has its own
     * attention Softmax before its first LayerNorm, so the main graph's Softmax count bounds the layer count.
     */
    private void layers() {
        onnxTeacher();
        ModelChecks.needsSome(teacher, List.of(OpTypes.SOFTMAX), "params.student.kind", "a student of kind 'layers'"
                + " keeps some of a BERT-family encoder's layers, each found by its attention Softmax, and the teacher"
                + " has no Softmax");
        int most = teacher.count(OpTypes.SOFTMAX);
        if (most < 0) {
            return;
        }
        StudentSpec student = params.student();
        if (student.layers() != null && student.layers() > most) {
            throw ParamChecks.invalid("student.layers", "'params.student.layers' asks for " + student.layers()
                    + " layers, and the teacher has at most " + most + " (one per attention Softmax)", null);
        }
        int last = student.keep() == null ? -1 : student.keep().get(student.keep().size() - 1);
        if (last >= most) {
            throw ParamChecks.invalid("student.keep", "'params.student.keep' names layer " + last + ", and the teacher"
                    + " has at most " + most + " layers (0 to " + (most - 1) + "; one per attention Softmax)", null);
        }
    }

    private void onnxTeacher() {
        if (teacher.format() != null && teacher.format() != ModelFormat.ONNX) {
            throw new InvalidParamsException(InvalidParamsException.Reason.FORMAT_NOT_SUPPORTED, "params.student.kind",
                    "a student of kind 'layers' is cut from the teacher's ONNX graph, and this teacher is "
                            + teacher.format() + "; upload the teacher's ONNX export (torch.onnx.export) instead",
                    null, Map.of("supportedFormats", List.of(ModelFormat.ONNX)));
        }
    }

    /** A generated student reads one input: a flat vector (mlp), or an image [channels, height, width] (cnn). */
    private void generated() {
        List<ModelFacts.Tensor> inputs = teacher.inputs();
        if (inputs == null) {
            return;
        }
        if (inputs.size() != 1) {
            throw ModelChecks.notApplicable("params.student.kind", "a generated student (kind 'architecture') takes"
                    + " one input, and the teacher has " + inputs.size() + ": " + names(inputs)
                    + "; upload a student of your own (kind 'model') instead", Map.of("modelInputs", names(inputs)));
        }
        int rank = inputs.get(0).rank();
        if ("cnn".equals(params.student().architecture()) && rank >= 0 && rank != IMAGE_RANK) {
            throw ModelChecks.notApplicable("params.student.architecture", "a cnn student needs image inputs [batch,"
                    + " channels, height, width], and the teacher's input '" + inputs.get(0).name() + "' has " + rank
                    + " dimensions; use architecture 'mlp'", Map.of("modelInputs", names(inputs)));
        }
    }

    /** Students learn the teacher's first float32 output; a teacher without one has nothing to teach. */
    private void floatOutput() {
        List<ModelFacts.Tensor> outputs = teacher.outputs();
        if (outputs == null || outputs.stream().anyMatch(o -> DistillParams.FLOAT.equals(o.elementType()))) {
            return;
        }
        throw ModelChecks.notApplicable("params.method", "distill trains a student on the teacher's first float32"
                + " output, and the teacher's outputs are " + outputs.stream()
                .map(o -> o.name() + " (" + o.elementType() + ")").toList(), Map.of());
    }

    private static List<String> names(List<ModelFacts.Tensor> tensors) {
        return tensors.stream().map(ModelFacts.Tensor::name).toList();
    }
}
