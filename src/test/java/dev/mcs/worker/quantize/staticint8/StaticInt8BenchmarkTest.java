package dev.mcs.worker.quantize.staticint8;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.OrtRuntime;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interleaved latency of fp32 vs static_int8 on the digits CNN, sessions on ORT's global thread pool. */
@Tag("benchmark")
class StaticInt8BenchmarkTest {

    private static final int WARMUP = 200;
    private static final int RUNS = 2000;

    @TempDir
    Path dir;

    @Test
    void staticInt8CnnLatencyAgainstFp32() throws Exception {
        Path q = dir.resolve("cnn.onnx");
        StaticInt8MethodTest.quantize(StaticInt8Fixture.CNN, q, StaticInt8MethodTest.params(null, null, null), StaticInt8Fixture.CNN_HOLDOUT);
        for (int batch : new int[] {1, 32, 256}) {
            double[] medians = interleaved(StaticInt8Fixture.CNN, q, batch);
            System.out.printf("digits CNN batch %d: fp32 %.1f us, static_int8 %.1f us, int8/fp32 = %.3f%n",
                    batch, medians[0] / 1e3, medians[1] / 1e3, medians[1] / medians[0]);
        }
    }

    private static double[] interleaved(Path fp32, Path int8, int batch) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] x = new float[batch * 64];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(17) / 16f;
        }
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
             OrtSession a = env.createSession(fp32.toString(), options);
             OrtSession b = env.createSession(int8.toString(), options);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, 1, 8, 8})) {
            Map<String, OnnxTensor> feed = Map.of("input", input);
            long[][] times = new long[2][RUNS];
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long ta = time(a, feed);
                long tb = time(b, feed);
                if (i >= WARMUP) {
                    times[0][i - WARMUP] = ta;
                    times[1][i - WARMUP] = tb;
                }
            }
            return new double[] {median(times[0]), median(times[1])};
        }
    }

    private static long time(OrtSession session, Map<String, OnnxTensor> feed) throws Exception {
        long start = System.nanoTime();
        session.run(feed).close();
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
