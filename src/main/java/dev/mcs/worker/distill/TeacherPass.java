package dev.mcs.worker.distill;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.FloatOutputs;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.SampleSet;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the training samples and computes the teacher's outputs for them once, in ONNX Runtime, before training:
 * each epoch then costs only the student's passes.
 */
final class TeacherPass {

    private TeacherPass() {}

    static TrainingSet run(Path teacher, DatasetPart dataset)
            throws OrtException, InvalidDatasetException, InvalidModelException {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(teacher.toString(), options)) {
            SampleSet set = DatasetInputs.read(dataset, session.getInputInfo(), Integer.MAX_VALUE,
                    "the dataset has no samples to train on");
            String output = FloatOutputs.first(session).orElseThrow(() -> new OrtException(
                    "the teacher has no float output to distill"));
            float[][] values = new float[set.samples().size()][];
            for (int i = 0; i < values.length; i++) {
                try (InputTensors inputs = InputTensors.of(env, set.samples().get(i));
                        OrtSession.Result result = session.run(inputs.tensors(), Set.of(output))) {
                    values[i] = FloatOutputs.values((OnnxTensor) result.get(0));
                }
            }
            long parameters = OnnxModelFile.read(teacher).parameterCount();
            return new TrainingSet(set.samples(), new TeacherTargets(output, values, parameters), set.labels());
        }
    }

    /**
     * The teacher's outputs, one row per sample.
     *
     * @param output the teacher's output the student imitates (its first float output)
     * @param values one row per sample, the output flattened
     * @param parameters the teacher's parameter count
     */
    record TeacherTargets(String output, float[][] values, long parameters) {

        int width() {
            return values[0].length;
        }
    }
}
