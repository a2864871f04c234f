package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.worker.distill.student.GeneratedStudents;
import dev.mcs.worker.distill.student.StudentDesign;
import dev.mcs.worker.distill.student.TeacherShape;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The student to train: generated from the teacher's shape ({@code architecture}), or the user's uploaded ONNX
 * model ({@code model}).
 *
 * @param model the untrained student
 * @param design the generated student's layout, or null for an uploaded one
 * @param parameters its parameter count
 */
record StudentChoice(OnnxMl.ModelProto model, StudentDesign design, long parameters) {

    static StudentChoice of(MethodRun run, DistillParams params, TrainingSet data)
            throws InvalidModelException, TechniqueException {
        StudentSpec spec = params.student();
        if (StudentSpec.MODEL.equals(spec.kind())) {
            return uploaded(run);
        }
        if (!StudentSpec.ARCHITECTURE.equals(spec.kind())) {
            throw new TechniqueException("not-implemented", "distill: students of kind '" + spec.kind()
                    + "' are not supported yet");
        }
        TeacherShape teacher = teacherShape(data);
        StudentDesign design = GeneratedStudents.design(spec.architecture(), widths(spec),
                Boolean.TRUE.equals(spec.depthwiseSeparable()), params.seed(), teacher);
        return new StudentChoice(GeneratedStudents.write(design, teacher), design,
                GeneratedStudents.parameters(design, teacher));
    }

    private static StudentChoice uploaded(MethodRun run) throws InvalidModelException, TechniqueException {
        Path file = run.models().get(DistillParams.STUDENT_MODEL);
        if (file == null) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: the uploaded student's file was not handed"
                    + " to the worker");
        }
        OnnxModelFile student = OnnxModelFile.read(file);
        return new StudentChoice(student.proto(), null, student.parameterCount());
    }

    private static TeacherShape teacherShape(TrainingSet data) {
        var inputs = data.firstTrainingSamples(1).get(0).inputs();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("a generated student takes one input; the teacher has " + inputs.keySet());
        }
        var input = inputs.entrySet().iterator().next();
        long[] perSample = Arrays.copyOfRange(input.getValue().shape(), 1, input.getValue().shape().length);
        return new TeacherShape(input.getKey(), perSample, data.targets().output(), data.targets().width(),
                data.targets().parameters());
    }

    private static List<Integer> widths(StudentSpec spec) {
        return "cnn".equals(spec.architecture()) ? spec.channels() : spec.hidden();
    }
}
