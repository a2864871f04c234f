package dev.mcs.worker.distill.student;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** Designs a student for a teacher and writes it as an untrained ONNX model. */
public final class GeneratedStudents {

    private static final int OPSET = 13;

    private GeneratedStudents() {}

    /**
     * The design a job gets: the widths it gave, or the defaults sized to about 1/{@value StudentSizing#SHRINK} of
     * the teacher's parameters.
     */
    public static StudentDesign design(String architecture, List<Integer> widths, boolean depthwiseSeparable,
            long seed, TeacherShape teacher) {
        List<Integer> chosen = widths != null ? widths
                : StudentSizing.defaultWidths(architecture, depthwiseSeparable, teacher);
        return new StudentDesign(architecture, chosen, depthwiseSeparable, seed);
    }

    /** The student's parameter count, known before any weight is drawn. */
    public static long parameters(StudentDesign design, TeacherShape teacher) {
        return StudentLayout.parameters(StudentLayout.of(design, teacher));
    }

    /** The untrained student, a single-input single-output model with a dynamic batch axis. */
    public static OnnxMl.ModelProto write(StudentDesign design, TeacherShape teacher) {
        List<Layer> layers = StudentLayout.of(design, teacher);
        StudentGraphWriter writer = new StudentGraphWriter(teacher.inputName(), design.seed());
        for (int i = 0; i < layers.size(); i++) {
            writer.write(layers.get(i), i == layers.size() - 1 ? teacher.outputName() : null);
        }
        OnnxMl.GraphProto.Builder graph = writer.graph()
                .addInput(valueInfo(teacher.inputName(), teacher.sampleDims()))
                .addOutput(valueInfo(teacher.outputName(), teacher.outputs()));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("model-compression-service")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... sampleDims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : sampleDims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
