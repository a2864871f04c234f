package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A student with {@code afterStep} run on its parameters after every optimizer step (PRUNE's recovery: masks held,
 * an L1 penalty's proximal step), so the trainer's loop stays the one every student trains in.
 */
record SteppedStudent(TrainableStudent student, Distillation.AfterStep afterStep) implements TrainableStudent {

    @Override
    public NDArray forward(NDManager scope, Map<String, NDArray> feed, boolean training) {
        return student.forward(scope, feed, training);
    }

    @Override
    public Collection<Parameter> parameters() {
        return student.parameters();
    }

    @Override
    public void step(Optimizer optimizer) {
        afterStep.beforeStep(student.parameters());
        student.step(optimizer);
        afterStep.apply(student.parameters());
    }

    @Override
    public long zeros() {
        return afterStep.zeros(student.parameters());
    }

    @Override
    public void save(Path output) throws IOException {
        student.save(output);
    }
}
