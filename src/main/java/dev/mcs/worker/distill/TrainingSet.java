package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.train.onnx.HostArrays;
import dev.mcs.worker.train.onnx.SampleBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training part of the job's dataset with the teacher's outputs: every tenth sample (index % 10 == 9) is the
 * validation slice that early stopping and checkpoint choice look at, so neither ever sees the held-out part the
 * job is evaluated on.
 */
final class TrainingSet {

    static final int VALIDATION_EVERY = 10;

    private final List<Sample> samples;
    private final TeacherPass.TeacherTargets targets;
    private final long[] labels;
    private final List<Integer> training = new ArrayList<>();
    private final List<Integer> validation = new ArrayList<>();

    TrainingSet(List<Sample> samples, TeacherPass.TeacherTargets targets, long[] labels) {
        this.samples = samples;
        this.targets = targets;
        this.labels = labels;
        for (int i = 0; i < samples.size(); i++) {
            (i % VALIDATION_EVERY == VALIDATION_EVERY - 1 ? validation : training).add(i);
        }
    }

    List<Integer> training() {
        return training;
    }

    List<Integer> validation() {
        return validation;
    }

    boolean labelled() {
        return labels != null;
    }

    /** One label per sample, or null. */
    long[] labels() {
        return labels;
    }

    TeacherPass.TeacherTargets targets() {
        return targets;
    }

    /** The first samples of the training part, one per entry; for checks before training. */
    List<Sample> firstTrainingSamples(int count) {
        return training.stream().limit(count).map(samples::get).toList();
    }

    /** The samples at {@code indices} as one batch in {@code scope}. */
    Batch batch(NDManager scope, List<Integer> indices) {
        Map<String, NDArray> feed = HostArrays.of(scope, SampleBatches.stack(indices.stream().map(samples::get).toList()));
        int width = targets.width();
        float[] teacher = new float[indices.size() * width];
        long[] batchLabels = labels == null ? null : new long[indices.size()];
        for (int i = 0; i < indices.size(); i++) {
            System.arraycopy(targets.values()[indices.get(i)], 0, teacher, i * width, width);
            if (batchLabels != null) {
                batchLabels[i] = labels[indices.get(i)];
            }
        }
        return new Batch(feed, scope.create(teacher, new Shape(indices.size(), width)),
                batchLabels == null ? null : scope.create(batchLabels), indices.size());
    }

    /** One batch: the student's inputs, the teacher's outputs, the labels (or null). */
    record Batch(Map<String, NDArray> feed, NDArray teacher, NDArray labels, int size) {}
}
