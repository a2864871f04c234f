package dev.mcs.worker.distill;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.technique.TechniqueException;
import dev.mcs.worker.train.onnx.HostArrays;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks, before any training, that a student reads the teacher's inputs and writes as many values per sample. */
final class StudentFit {

    private StudentFit() {}

    static void require(TrainableOnnxModel student, TrainingSet data, NDManager manager) throws TechniqueException {
        var sample = data.firstTrainingSamples(1).get(0);
        Set<String> missing = new HashSet<>(student.inputNames());
        missing.removeAll(sample.inputs().keySet());
        if (!missing.isEmpty()) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: the student reads inputs " + missing
                    + " that the teacher's data does not have (it has " + sample.inputs().keySet() + ")");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray out = student.forward(scope, HostArrays.of(scope, sample), List.of(student.outputNames().get(0)))
                    .values().iterator().next();
            requireWidth(out, "'" + student.outputNames().get(0) + "'", data);
        }
    }

    /** The same for a TorchScript student, which names neither inputs nor outputs: it is fed the only input. */
    static void require(TorchScriptStudent student, TrainingSet data) throws TechniqueException {
        var sample = data.firstTrainingSamples(1).get(0);
        try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
            Map<String, NDArray> feed = HostArrays.of(scope, sample);
            NDArray out;
            try {
                out = student.forward(scope, feed, false);
            } catch (EngineException e) {
                throw new TechniqueException(DistillMethod.FAILED, "distill: the TorchScript student does not run on"
                        + " the teacher's input " + feed.values().iterator().next().getShape() + ": " + e.getMessage(),
                        e);
            }
            requireWidth(out, "(first)", data);
        }
    }

    private static void requireWidth(NDArray out, String output, TrainingSet data) throws TechniqueException {
        long width = out.size() / Math.max(1, out.getShape().get(0));
        if (width != data.targets().width()) {
            throw new TechniqueException(DistillMethod.FAILED, "distill: the student's output " + output + " has "
                    + width + " values per sample, the teacher's " + data.targets().width()
                    + "; their outputs must match");
        }
    }
}
