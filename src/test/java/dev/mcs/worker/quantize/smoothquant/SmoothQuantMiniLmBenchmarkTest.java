package dev.mcs.worker.quantize.smoothquant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.SmoothAlpha;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SmoothQuant on all-MiniLM-L6-v2 against ONNX Runtime's reference int8, scored as the benchmark does:
 * cosine of the attention-mask mean-pooled embedding vs fp32, batch 1, on the 64 evaluation sentences.
 * Needs the benchmark material ({@link BenchMaterial}): the two models, {@code eval-64.npz} and
 * {@code calib-128.npz}; fails, naming {@value BenchMaterial#VARIABLE}, when they are missing.
 */
@Tag("benchmark")
class SmoothQuantMiniLmBenchmarkTest {

    private static Path floatModel;
    private static Path reference;
    private static Path eval;
    private static Path calibration;

    @TempDir
    Path dir;

    @BeforeAll
    static void material() {
        floatModel = BenchMaterial.require(BenchMaterial.MINILM);
        reference = BenchMaterial.require(BenchMaterial.MINILM_REFERENCE);
        eval = BenchMaterial.require(BenchMaterial.EVAL_64);
        calibration = BenchMaterial.require(BenchMaterial.CALIB_128);
    }

    @Test
    void smoothQuantHalvesTheReferencesFidelityErrorAtTheSameSize() throws Exception {
        Path ours = dir.resolve("smoothquant.onnx");
        SmoothQuantParams params = new SmoothQuantParams("smoothquant", true, "full", null, null, true, SmoothAlpha.of(0.75), "dynamic")
                .withDefaults();
        SmoothQuantSummary summary = new SmoothQuantizer(true, SmoothQuantizer.MIN_OUTLIER_RATIO_FOR_MUL).quantize(floatModel, ours, DatasetPart.whole(calibration), params, 128, null);

        double[] oursCos = pooledCosines(ours);
        double[] refCos = pooledCosines(reference);
        double oursError = 1 - Arrays.stream(oursCos).average().orElseThrow();
        double refError = 1 - Arrays.stream(refCos).average().orElseThrow();
        System.out.printf("smoothquant alpha 0.75: mean %.5f min %.5f | reference mean %.5f min %.5f | size %d vs %d%n",
                1 - oursError, Arrays.stream(oursCos).min().orElseThrow(), 1 - refError,
                Arrays.stream(refCos).min().orElseThrow(), Files.size(ours), Files.size(reference));
        System.out.println(summary);
        assertThat(oursError).isLessThanOrEqualTo(refError / 2);
        assertThat((double) Files.size(ours)).isLessThanOrEqualTo(1.01 * Files.size(reference));
    }

    @Test
    void theDefaultAlphaSearchMeetsTheTargetOnHeldOutSentences() throws Exception {
        Path ours = dir.resolve("smoothquant-default.onnx");
        long start = System.nanoTime();
        SmoothQuantSummary summary = (SmoothQuantSummary) QuantizeRuns.apply(
                new SmoothQuantParams("smoothquant", null, null, null, null, null, null, null), floatModel, ours,
                calibration, EvaluationSettings.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;

        double oursError = 1 - Arrays.stream(pooledCosines(ours)).average().orElseThrow();
        double refError = 1 - Arrays.stream(pooledCosines(reference)).average().orElseThrow();
        System.out.printf("smoothquant default: chose %s in %.1f s; held-out error %.6f vs reference %.6f (%.3f x);"
                + " size %d vs %d%n  %s%n", summary.alphaSearch().chosen(), seconds, oursError, refError,
                oursError / refError, Files.size(ours), Files.size(reference), summary.alphaSearch().candidates());
        assertThat(oursError).isLessThanOrEqualTo(refError / 2);
        assertThat((double) Files.size(ours)).isLessThanOrEqualTo(1.01 * Files.size(reference));
    }

    private static double[] pooledCosines(Path model) throws Exception {
        return PooledCosines.of(floatModel, model, eval);
    }
}
