package dev.mcs.worker.quantize.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CalibrationRunTest {

    static final Path CNN = Path.of("src/test/resources/fixtures/digits_cnn.onnx");
    static final Path HOLDOUT = Path.of("src/test/resources/fixtures/digits_cnn_holdout.npz");
    private static final String CONV1_RELU = "/features/features.1/Relu_output_0";
    private static final String GEMM1 = "/classifier/classifier.0/Gemm_output_0";

    @Test
    void theInputOfTheFirstConvHasTheDatasetsMinAndMax() throws Exception {
        float[] pixels;
        try (NpzArchive npz = NpzArchive.open(HOLDOUT)) {
            pixels = npz.readFloats("input");
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : pixels) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 1000)) {
            TensorStats stats = run.collect(List.of("input"), StatsSpec.MIN_MAX, null).get("input");

            assertThat(run.sampleCount()).isEqualTo(360);
            assertThat(stats.min()).isEqualTo(min);
            assertThat(stats.max()).isEqualTo(max);
            assertThat(stats.count()).isEqualTo(pixels.length);
            assertThat(stats.histogram()).isNull();
            assertThat(stats.channelAbsMax()).isNull();
        }
    }

    @Test
    void intermediateTensorsGetPerChannelMaximaAndHistograms() throws Exception {
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 50)) {
            Map<String, TensorStats> stats = run.collect(List.of(CONV1_RELU, GEMM1), new StatsSpec(true, 256), null);

            TensorStats relu = stats.get(CONV1_RELU);
            TensorStats gemm = stats.get(GEMM1);
            assertThat(relu.min()).isEqualTo(0f);
            assertThat(relu.max()).isPositive();
            assertThat(relu.count()).isEqualTo(50L * 8 * 8 * 8);
            assertThat(gemm.channelAbsMax()).hasSize(32);
            assertThat(gemm.min()).isNegative();
            float largest = 0f;
            for (float c : gemm.channelAbsMax()) {
                largest = Math.max(largest, c);
            }
            assertThat(largest).isEqualTo(Math.max(-gemm.min(), gemm.max()));
            assertThat(gemm.histogram().total()).isEqualTo(50L * 32);
            assertThat(gemm.histogram().percentileAbs(100)).isEqualTo(largest, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void histogramPercentilesGrowWithThePercentile() throws Exception {
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 100)) {
            Histogram h = run.collect(List.of(GEMM1), new StatsSpec(false, 512), null).get(GEMM1).histogram();

            double previous = 0;
            for (double p : new double[] {10, 50, 90, 99, 99.9, 99.999, 100}) {
                assertThat(h.percentileAbs(p)).isGreaterThanOrEqualTo(previous);
                previous = h.percentileAbs(p);
            }
            assertThat(h.percentileAbs(50)).isLessThan(h.percentileAbs(100));
        }
    }

    @Test
    void collectingTwiceGivesTheSameStatistics() throws Exception {
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 40)) {
            StatsSpec spec = new StatsSpec(true, 128);
            TensorStats first = run.collect(List.of(GEMM1), spec, null).get(GEMM1);
            TensorStats second = run.collect(List.of(GEMM1), spec, null).get(GEMM1);

            assertThat(second.min()).isEqualTo(first.min());
            assertThat(second.max()).isEqualTo(first.max());
            assertThat(second.channelAbsMax()).containsExactly(first.channelAbsMax());
            assertThat(second.histogram().counts()).containsExactly(first.histogram().counts());
        }
    }

    @Test
    void progressReachesOne() throws Exception {
        AtomicReference<Double> last = new AtomicReference<>(0.0);
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 10)) {
            run.collect(List.of(GEMM1), StatsSpec.MIN_MAX, last::set);
        }
        assertThat(last.get()).isEqualTo(1.0);
    }

    @Test
    void initializersAndUnknownTensorsAreRejectedWithAClearMessage() throws Exception {
        try (CalibrationRun run = CalibrationRun.open(CNN, DatasetPart.whole(HOLDOUT), 5)) {
            assertThatThrownBy(() -> run.collect(List.of("features.0.weight"), StatsSpec.MIN_MAX, null))
                    .isInstanceOf(QuantizationException.class).hasMessageContaining("constant initializer");
            assertThatThrownBy(() -> run.collect(List.of("no_such_tensor"), StatsSpec.MIN_MAX, null))
                    .isInstanceOf(QuantizationException.class).hasMessageContaining("no node");
        }
    }

    @Test
    void aDatasetWithoutTheModelsInputIsRejected() {
        Path mlpData = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");
        assertThatThrownBy(() -> CalibrationRun.open(CNN, DatasetPart.whole(mlpData), 5))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("does not fit");
    }
}
