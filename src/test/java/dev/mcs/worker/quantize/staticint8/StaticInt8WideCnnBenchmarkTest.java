package dev.mcs.worker.quantize.staticint8;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The static_int8 speed target on a digits CNN big enough for int8 kernels to matter
 * (digits_cnn_wide: 32 and 64 channels). The small digits_cnn runs in about 7 µs, where the added
 * QuantizeLinear and layout Transposes cost more than int8 saves; see docs/benchmarks.md.
 * Batch 1, one thread, ONNX Runtime's global pool, runs interleaved; the ratio is the median of
 * per-round ratios. Run with {@code ./mvnw test -Dtest=StaticInt8WideCnnBenchmarkTest -Dtest.excludedGroups=}.
 */
@Tag("benchmark")
class StaticInt8WideCnnBenchmarkTest {

    private static final Path MODEL = Path.of("src/test/resources/fixtures/digits_cnn_wide.onnx");
    private static final Path HOLDOUT = Path.of("src/test/resources/fixtures/digits_cnn_holdout.npz");
    private static final int WARMUP = 2000;
    private static final int ROUNDS = 5000;

    @ParameterizedTest
    @ValueSource(strings = {"minmax", "percentile", "entropy"})
    void staticInt8IsFasterThanFloatAtBatchOneAndKeepsTheAccuracy(String calibration, @TempDir Path dir) throws Exception {
        Path quantized = dir.resolve("q.onnx");
        StaticInt8Params params = new StaticInt8Params("static_int8", calibration, null, true, null, List.of());
        QuantizeRuns.apply(params, MODEL, quantized, HOLDOUT, EvaluationSettings.defaults());

        OrtEnvironment env = OrtRuntime.environment();
        try (NpzArchive holdout = NpzArchive.open(HOLDOUT);
                OrtSession fp32 = env.createSession(MODEL.toString(), OrtRuntime.sessionOptions());
                OrtSession int8 = env.createSession(quantized.toString(), OrtRuntime.sessionOptions())) {
            float[] inputs = holdout.readFloats("input");
            long[] labels = holdout.readLongs("labels");
            double drop = accuracy(env, fp32, inputs, labels) - accuracy(env, int8, inputs, labels);
            double ratio = medianRatio(env, int8, fp32, inputs);
            System.out.printf("static_int8 %s on digits_cnn_wide: accuracy drop %.4f, int8/fp32 latency %.3f%n",
                    calibration, drop, ratio);
            assertThat(drop).isLessThanOrEqualTo(0.005);
            assertThat(ratio).isLessThan(1.0);
        }
    }

    private static double accuracy(OrtEnvironment env, OrtSession session, float[] inputs, long[] labels)
            throws Exception {
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            try (OnnxTensor x = sample(env, inputs, i); OrtSession.Result r = session.run(Map.of("input", x))) {
                float[] logits = ((float[][]) r.get(0).getValue())[0];
                hits += dev.mcs.worker.evaluate.Similarity.argmax(logits, 0, logits.length) == labels[i] ? 1 : 0;
            }
        }
        return hits / (double) labels.length;
    }

    private static double medianRatio(OrtEnvironment env, OrtSession int8, OrtSession fp32, float[] inputs)
            throws Exception {
        try (OnnxTensor x = sample(env, inputs, 0)) {
            return InterleavedLatency.medianRatio(int8, fp32, Map.of("input", x), WARMUP, ROUNDS);
        }
    }

    private static OnnxTensor sample(OrtEnvironment env, float[] inputs, int i) throws Exception {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs, i * 64, 64).slice(), new long[] {1, 1, 8, 8});
    }
}
