package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoint rules on a scripted run: epochs with their validation loss, agreement and zeros. */
class CheckpointTest {

    /** A student that only says how many zeros it has and records which epoch was saved. */
    private static final class Scripted implements TrainableStudent {
        long zeros;
        int epoch;
        final List<Integer> saved = new ArrayList<>();

        @Override
        public NDArray forward(NDManager scope, Map<String, NDArray> feed, boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Collection<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void step(Optimizer optimizer) {
        }

        @Override
        public long zeros() {
            return zeros;
        }

        @Override
        public void save(Path output) {
            saved.add(epoch);
        }
    }

    /** Rows of (loss, agreement, zeros); returns the epoch the output holds at the end. */
    private static int run(Double tolerance, Scripted student, double[][] rows) throws Exception {
        Checkpoint checkpoint = new Checkpoint(student, Path.of("unused"), tolerance);
        for (int e = 1; e <= rows.length; e++) {
            student.epoch = e;
            student.zeros = (long) rows[e - 1][2];
            checkpoint.offer(new EpochReport(e, 0, rows[e - 1][0], rows[e - 1][1], 1, 0));
        }
        return checkpoint.epoch();
    }

    private static final double[][] PENALIZED = {
        {0.10, 0.99, 0}, {0.20, 0.99, 3}, {0.30, 0.985, 5}, {0.60, 0.95, 9}, {0.50, 0.98, 6}};

    @Test
    void theBestRuleKeepsTheLowestValidationLossWhateverTheZeros() throws Exception {
        assertThat(run(null, new Scripted(), PENALIZED)).isEqualTo(1);
    }

    @Test
    void theSparsestRuleKeepsTheEpochWithTheMostZerosWithinTheToleranceOfTheBestAgreement() throws Exception {
        Scripted student = new Scripted();

        int kept = run(0.01, student, PENALIZED);

        assertThat(kept).as("epoch 4 has more zeros but lost 4 points; epoch 5 lost 1 point with 6 zeros")
                .isEqualTo(5);
        assertThat(student.saved).containsExactly(1, 2, 3, 5);
    }

    @Test
    void aSavedEpochThatABetterAgreementLaterPutsOutOfToleranceIsReplaced() throws Exception {
        double[][] rows = {{0.5, 0.90, 8}, {0.1, 0.99, 2}, {0.2, 0.97, 1}};

        assertThat(run(0.01, new Scripted(), rows)).as("epoch 1 falls out once epoch 2 agrees 0.99").isEqualTo(2);
    }
}
