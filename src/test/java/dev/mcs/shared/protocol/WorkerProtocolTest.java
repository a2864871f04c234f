package dev.mcs.shared.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.protocol.WorkerProtocol.Progress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerProtocolTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, starting worker",
        "0.25, compressing",
        "0.5, evaluating 16 of 32 samples",
        "1.0, done"
    })
    void aProgressLineRoundTrips(double fraction, String stage) {
        String line = WorkerProtocol.progressLine(fraction, stage);

        Progress parsed = WorkerProtocol.parse(line).orElseThrow();

        assertThat(line).startsWith("@progress ");
        assertThat(parsed.fraction()).isCloseTo(fraction, within(1e-4));
        assertThat(parsed.stage()).isEqualTo(stage);
    }

    @Test
    void progressLinesUseFourDecimalsWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            assertThat(WorkerProtocol.progressLine(1.0 / 3, "x")).isEqualTo("@progress 0.3333 x");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void aStageMayContainSpacesAndDigits() {
        assertThat(WorkerProtocol.parse("@progress 0.4 run 3 of 10 at 0.9")).contains(new Progress(0.4, "run 3 of 10 at 0.9"));
    }

    @Test
    void aLineWithoutAStageHasAnEmptyStage() {
        assertThat(WorkerProtocol.parse("@progress 0.75")).contains(new Progress(0.75, ""));
    }

    @ParameterizedTest
    @CsvSource({
        "-0.5, 0.0",
        "-1e9, 0.0",
        "1.5, 1.0",
        "42, 1.0",
        "Infinity, 1.0",
        "-Infinity, 0.0"
    })
    void fractionsOutsideZeroToOneAreClamped(String raw, double expected) {
        Optional<Progress> parsed = WorkerProtocol.parse("@progress " + raw + " stage");

        assertThat(parsed).isPresent();
        assertThat(parsed.get().fraction()).isEqualTo(expected);
        assertThat(parsed.get().stage()).isEqualTo("stage");
    }

    @Test
    void aNanFractionNeverReachesTheListener() {
        Optional<Progress> parsed = WorkerProtocol.parse("@progress NaN stage");

        parsed.ifPresent(p -> assertThat(p.fraction()).isBetween(0.0, 1.0));
    }

    @Test
    void writingAnOutOfRangeFractionStillReadsBackClamped() {
        assertThat(WorkerProtocol.parse(WorkerProtocol.progressLine(3.0, "over")).orElseThrow().fraction()).isEqualTo(1.0);
        assertThat(WorkerProtocol.parse(WorkerProtocol.progressLine(-3.0, "under")).orElseThrow().fraction()).isEqualTo(0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "hello from onnxruntime",
        "progress 0.5 missing the at sign",
        "@progress",
        "@progress half done",
        "@progress 0,5 comma decimal",
        "@progress  0.5 two spaces",
        " @progress 0.5 leading space",
        "@PROGRESS 0.5 upper case",
        "@progressive 0.5 other keyword",
        "WARNING: @progress 0.5 not at the start"
    })
    void linesThatAreNotWellFormedProgressAreIgnored(String line) {
        assertThat(WorkerProtocol.parse(line)).isEmpty();
    }
}
