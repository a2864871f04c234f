package dev.mcs.worker.distill;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.engine.TorchScriptScope;
import dev.mcs.worker.train.onnx.HostArrays;
import dev.mcs.worker.train.onnx.SampleBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript teacher's outputs, computed once in libtorch (inference mode, no gradients). TorchScript stores no
 * input spec, so the teacher is fed the dataset's only float array; its first output is the target.
 */
final class TorchScriptTeacher {

    /** The output name a student of a TorchScript teacher gets: TorchScript names none. */
    static final String OUTPUT = "output";
    private static final int BATCH = 64;

    private TorchScriptTeacher() {}

    static TrainingSet run(Path teacher, DatasetPart dataset) throws InvalidDatasetException, IOException {
        ModelInput input = ModelInput.onlyFloatArray(dataset);
        SampleSet set = DatasetInputs.read(dataset, List.of(input), Integer.MAX_VALUE,
                "the dataset has no samples to train on");
        try (TorchScriptScope oneDnnOff = TorchRuntime.torchScriptScope();
                Model model = Model.newInstance("teacher", Device.cpu(), TorchRuntime.engine().getEngineName())) {
            model.load(teacher.toAbsolutePath().getParent(), teacher.getFileName().toString());
            float[][] values = new float[set.samples().size()][];
            List<Sample> batches = SampleBatches.of(set.samples(), BATCH);
            for (int b = 0; b < batches.size(); b++) {
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDArray out = model.getBlock().forward(new ParameterStore(scope, false),
                            new NDList(HostArrays.of(scope, batches.get(b)).values().iterator().next()), false).head();
                    split(out, values, b * BATCH);
                }
            }
            long parameters = model.getBlock().getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size()).sum();
            return new TrainingSet(set.samples(), new TeacherPass.TeacherTargets(OUTPUT, values, parameters),
                    set.labels());
        } catch (MalformedModelException e) {
            throw new IOException("the TorchScript teacher does not load: " + e.getMessage(), e);
        }
    }

    private static void split(NDArray batchOutput, float[][] into, int first) {
        long rows = batchOutput.getShape().get(0);
        float[] flat = batchOutput.toFloatArray();
        int width = (int) (flat.length / rows);
        for (int i = 0; i < rows; i++) {
            into[first + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
    }
}
