package dev.mcs.worker.quantize.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateScore;
import org.junit.jupiter.api.Test;

class AutoTargetTest {

    private static final CandidateScore FLOAT = new CandidateScore(1.0, 90, 100);

    @Test
    void aCosineTargetHoldsAtTheFloorAndNotBelowIt() throws Exception {
        AutoTarget target = AutoTarget.of(new QuantizeTarget(0.995, null));

        assertThat(target.met(new CandidateScore(0.995, 0, 0), FLOAT)).isTrue();
        assertThat(target.met(new CandidateScore(0.9949, 0, 0), FLOAT)).isFalse();
    }

    @Test
    void anAccuracyDropOfExactlyTheCeilingHoldsDespiteFloatRounding() throws Exception {
        AutoTarget target = AutoTarget.of(new QuantizeTarget(null, 0.01));

        assertThat(target.met(new CandidateScore(0.5, 89, 100), FLOAT)).isTrue(); // 0.9 - 0.89 is 0.01000000000000001
        assertThat(target.met(new CandidateScore(0.99, 88, 100), FLOAT)).isFalse();
        assertThat(target.value(new CandidateScore(0.5, 88, 100), FLOAT)).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void forAnAccuracyTargetMoreHitsWinAndCosineBreaksTies() throws Exception {
        AutoTarget target = AutoTarget.of(new QuantizeTarget(null, 0.0));

        assertThat(target.better(new CandidateScore(0.90, 89, 100), new CandidateScore(0.99, 88, 100))).isTrue();
        assertThat(target.better(new CandidateScore(0.99, 88, 100), new CandidateScore(0.98, 88, 100))).isTrue();
    }

    @Test
    void aTargetNeedsExactlyOneBound() {
        assertThatThrownBy(() -> AutoTarget.of(new QuantizeTarget(0.9, 0.1))).isInstanceOf(QuantizationException.class);
        assertThatThrownBy(() -> AutoTarget.of(null)).isInstanceOf(QuantizationException.class);
    }
}
