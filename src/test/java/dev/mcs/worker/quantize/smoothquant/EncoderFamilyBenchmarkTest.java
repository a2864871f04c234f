package dev.mcs.worker.quantize.smoothquant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quantization defaults on more than one BERT-family sentence encoder: {@code smoothquant} with only a
 * calibration dataset, against plain {@code dynamic_int8} and the encoder's published int8 model, measured
 * on held-out sentences (never the calibration ones). Material: {@link BenchMaterial}.
 */
@Tag("benchmark")
class EncoderFamilyBenchmarkTest {

    /** Held-out noise allowed when "never worse than dynamic_int8" is checked on data the search did not see. */
    private static final double HELD_OUT_SLACK = 1e-4;

    @TempDir
    Path dir;

    static Stream<Arguments> encoders() {
        return Stream.of(
                Arguments.of("all-MiniLM-L6-v2", BenchMaterial.MINILM, BenchMaterial.MINILM_REFERENCE,
                        BenchMaterial.CALIB_128, BenchMaterial.EVAL_64),
                Arguments.of("bge-small-en-v1.5", BenchMaterial.BGE, BenchMaterial.BGE_REFERENCE,
                        BenchMaterial.BGE_CALIB_128, BenchMaterial.BGE_EVAL_64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void smoothquantDefaultsBeatDynamicInt8AndHalveThePublishedInt8sError(String name, String model, String published,
            String calibration, String evaluation) throws Exception {
        Path floatModel = BenchMaterial.require(model);
        Path reference = BenchMaterial.require(published);
        Path eval = BenchMaterial.require(evaluation);
        Path smooth = dir.resolve("smoothquant.onnx");
        Path dynamic = dir.resolve("dynamic.onnx");
        SmoothQuantSummary summary = (SmoothQuantSummary) QuantizeRuns.apply(
                new SmoothQuantParams("smoothquant", null, null, null, null, null, null, null), floatModel, smooth,
                BenchMaterial.require(calibration), EvaluationSettings.defaults());
        QuantizeRuns.apply(new DynamicInt8Params("dynamic_int8", null, null, null, null, null), floatModel, dynamic,
                null, null);

        double smoothError = PooledCosines.error(floatModel, smooth, eval);
        double dynamicError = PooledCosines.error(floatModel, dynamic, eval);
        double referenceError = PooledCosines.error(floatModel, reference, eval);
        double latency = InterleavedLatency.sentenceRatio(smooth, reference, 200);
        System.out.printf("%s: smoothquant (alpha %s) error %.6f = %.3f x published int8 (%.6f); dynamic_int8 %.6f;"
                + " sizes %d / %d / %d; p50 latency %.3f x published int8%n  search %s%n", name,
                summary.alphaSearch().chosen(), smoothError, smoothError / referenceError, referenceError, dynamicError,
                Files.size(smooth), Files.size(dynamic), Files.size(reference), latency,
                summary.alphaSearch().candidates());
        assertThat(smoothError).isLessThanOrEqualTo(dynamicError + HELD_OUT_SLACK);
        assertThat(smoothError).isLessThanOrEqualTo(referenceError / 2);
        assertThat((double) Files.size(smooth)).isLessThanOrEqualTo(1.01 * Files.size(reference));
        assertThat(latency).isLessThanOrEqualTo(1.05);
    }
}
