package dev.mcs.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deterministic split of a job's dataset: every fifth sample (index % 5 == 4) is held out for evaluation and
 * the rest calibrates; small datasets are not split, and an evaluation dataset replaces the held-out part.
 */
class DatasetSplitTest {

    private static final ModelInput INPUT = new ModelInput("input", OnnxJavaType.FLOAT, new long[] {-1, 1});
    private static final String NONE = "no samples";

    @TempDir
    Path dir;

    @Test
    void every_fifth_sample_is_held_out_and_the_other_four_fifths_calibrate() {
        assertThat(SampleSelection.HELD_OUT.indices(12, 100)).containsExactly(4, 9);
        assertThat(SampleSelection.CALIBRATION.indices(12, 100)).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 10, 11);
        assertThat(SampleSelection.ALL.indices(3, 100)).containsExactly(0, 1, 2);
    }

    @Test
    void the_sample_limit_takes_the_first_samples_of_each_part() {
        assertThat(SampleSelection.HELD_OUT.indices(100, 3)).containsExactly(4, 9, 14);
        assertThat(SampleSelection.CALIBRATION.indices(100, 5)).containsExactly(0, 1, 2, 3, 5);
    }

    @Test
    void a_dataset_alone_is_split_into_a_calibration_part_and_a_held_out_part() throws Exception {
        Path data = numbered("data.npz", 12);

        DatasetSplit split = DatasetSplit.of(data, null);

        assertThat(split.calibration().source()).isEqualTo("calibration-part");
        assertThat(split.evaluation().source()).isEqualTo("held-out");
        assertThat(split.evaluation().rule()).isEqualTo("every fifth sample (index % 5 == 4)");
        assertThat(values(split.calibration())).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 10, 11);
        assertThat(values(split.evaluation())).containsExactly(4, 9);
    }

    @Test
    void labels_follow_their_samples_into_each_part() throws Exception {
        Path data = numbered("data.npz", 10);

        SampleSet heldOut = DatasetInputs.read(DatasetPart.heldOutPart(data), List.of(INPUT), 100, NONE);

        assertThat(heldOut.labels()).containsExactly(104, 109);
    }

    @Test
    void a_dataset_of_fewer_than_five_samples_is_not_split_and_serves_both() throws Exception {
        Path data = numbered("small.npz", 4);

        DatasetSplit split = DatasetSplit.of(data, null);

        assertThat(split.calibration().source()).isEqualTo("calibration-dataset");
        assertThat(split.evaluation().source()).isEqualTo("calibration-dataset");
        assertThat(split.evaluation().rule()).isNull();
        assertThat(values(split.calibration())).containsExactly(0, 1, 2, 3);
        assertThat(values(split.evaluation())).containsExactly(0, 1, 2, 3);
    }

    @Test
    void five_samples_are_enough_to_hold_one_out() throws Exception {
        DatasetSplit split = DatasetSplit.of(numbered("five.npz", 5), null);

        assertThat(values(split.evaluation())).containsExactly(4);
        assertThat(values(split.calibration())).containsExactly(0, 1, 2, 3);
    }

    @Test
    void an_evaluation_dataset_is_measured_whole_and_the_dataset_calibrates_whole() throws Exception {
        Path data = numbered("data.npz", 10);
        Path evaluation = numbered("eval.npz", 3);

        DatasetSplit split = DatasetSplit.of(data, evaluation);

        assertThat(split.calibration().source()).isEqualTo("calibration-dataset");
        assertThat(split.evaluation().source()).isEqualTo("evaluation-dataset");
        assertThat(values(split.calibration())).hasSize(10);
        assertThat(values(split.evaluation())).containsExactly(0, 1, 2);
    }

    @Test
    void an_evaluation_dataset_without_a_dataset_leaves_nothing_to_calibrate_on() throws Exception {
        DatasetSplit split = DatasetSplit.of(null, numbered("eval.npz", 3));

        assertThat(split.calibration()).isNull();
        assertThat(split.evaluation().source()).isEqualTo("evaluation-dataset");
    }

    @Test
    void without_any_dataset_there_is_nothing_to_split() throws Exception {
        assertThat(DatasetSplit.of(null, null)).isEqualTo(DatasetSplit.NONE);
    }

    /** A dataset whose sample i holds the value i and the label 100 + i. */
    private Path numbered(String name, int samples) throws IOException {
        Path path = dir.resolve(name);
        float[] values = new float[samples];
        long[] labels = new long[samples];
        IntStream.range(0, samples).forEach(i -> {
            values[i] = i;
            labels[i] = 100 + i;
        });
        try (NpzWriter writer = new NpzWriter(path)) {
            writer.floats("input", values, samples, 1).longs("labels", labels, samples);
        }
        return path;
    }

    private static int[] values(DatasetPart part) throws InvalidDatasetException {
        return DatasetInputs.read(part, List.of(INPUT), 1000, NONE).samples().stream()
                .mapToInt(s -> (int) ((FloatBuffer) s.inputs().get("input").data()).get(0)).toArray();
    }
}
