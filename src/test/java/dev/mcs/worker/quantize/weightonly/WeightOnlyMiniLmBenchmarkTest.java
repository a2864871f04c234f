package dev.mcs.worker.quantize.weightonly;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.quantize.Fp16Params;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the weight-only and fp16 methods on all-MiniLM-L6-v2, from the benchmark material
 * ({@link BenchMaterial}); fails, naming {@value BenchMaterial#VARIABLE}, when it is missing.
 */
@Tag("benchmark")
class WeightOnlyMiniLmBenchmarkTest {

    static Path floatModel;
    static Path eval;
    private static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};

    @TempDir
    Path dir;

    @BeforeAll
    static void material() {
        floatModel = BenchMaterial.require(BenchMaterial.MINILM);
        eval = BenchMaterial.require(BenchMaterial.EVAL_64);
    }

    @Test
    void int4WithHqqAndInt4EmbeddingsIsSmallAndFaithful() throws Exception {
        Path hqq = quantize("weight_only_int4", "hqq", "int4");
        Path rtn = quantize("weight_only_int4", "rtn", "int4");
        double ratio = Files.size(hqq) / (double) Files.size(floatModel);
        double hqqCos = meanPooledCosine(hqq);
        System.out.printf("int4 size hqq=%d rtn=%d ratio=%.4f cosine hqq=%.5f rtn=%.5f%n", Files.size(hqq),
                Files.size(rtn), ratio, hqqCos, meanPooledCosine(rtn));
        System.out.printf("latency ratio hqq/fp32=%.3f%n", latencyRatio(hqq, 40));
        assertThat(ratio).isLessThanOrEqualTo(0.15);
        assertThat(hqqCos).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void int4WithOnlyItsDefaultsMeetsTheDocumentedTarget() throws Exception {
        Path out = dir.resolve("int4-defaults.onnx");
        QuantizeRuns.apply(new WeightOnlyParams("weight_only_int4", null, null, null, null, null), floatModel, out,
                null, null);
        double ratio = Files.size(out) / (double) Files.size(floatModel);
        double cos = meanPooledCosine(out);
        System.out.printf("int4 defaults ratio=%.4f cosine=%.5f%n", ratio, cos);
        assertThat(ratio).isLessThanOrEqualTo(0.15);
        assertThat(cos).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void fp16HalvesTheFileAndKeepsTheEmbeddings() throws Exception {
        Path fp16 = quantize("fp16", null, null);
        double ratio = Files.size(fp16) / (double) Files.size(floatModel);
        double cos = meanPooledCosine(fp16);
        System.out.printf("fp16 size=%d ratio=%.4f cosine=%.6f latency ratio=%.3f%n", Files.size(fp16), ratio, cos,
                latencyRatio(fp16, 40));
        assertThat(ratio).isLessThanOrEqualTo(0.51);
        assertThat(cos).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void int8WeightOnlyIsFaithful() throws Exception {
        Path int8 = quantize("weight_only_int8", "rtn", "int8");
        double cos = meanPooledCosine(int8);
        System.out.printf("int8 size=%d ratio=%.4f cosine=%.5f latency ratio=%.3f%n", Files.size(int8),
                Files.size(int8) / (double) Files.size(floatModel), cos, latencyRatio(int8, 40));
        assertThat(cos).isGreaterThanOrEqualTo(0.99);
    }

    private Path quantize(String method, String algorithm, String embeddings) throws Exception {
        Path out = dir.resolve(method + "-" + algorithm + "-" + embeddings + ".onnx");
        MethodParams p = method.equals(Fp16Params.NAME) ? new Fp16Params(method, null)
                : new WeightOnlyParams(method, null, null, algorithm, embeddings, null);
        Record summary = QuantizeRuns.apply(p, floatModel, out, null, null);
        System.out.println(summary.toString().replaceAll("quantizedNodes=\\[.*]", ""));
        return out;
    }

    /** Mean over the 64 sentences of the cosine between attention-mask mean-pooled embeddings. */
    static double meanPooledCosine(Path model) throws Exception {
        try (NpzArchive npz = NpzArchive.open(eval)) {
            long[][] data = new long[3][];
            for (int i = 0; i < 3; i++) {
                data[i] = npz.readLongs(INPUTS[i]);
            }
            int seq = npz.find("input_ids").orElseThrow().shape().get(1).intValue();
            int n = data[0].length / seq;
            float[] expected = runAll(floatModel, data, n, seq);
            float[] actual = runAll(model, data, n, seq);
            int hidden = expected.length / (n * seq);
            double sum = 0;
            for (int s = 0; s < n; s++) {
                sum += Ort.cosine(pooled(expected, data[1], s, seq, hidden), pooled(actual, data[1], s, seq, hidden));
            }
            return sum / n;
        }
    }

    private static float[] runAll(Path model, long[][] data, int n, int seq) throws Exception {
        Ort.Input[] in = new Ort.Input[3];
        for (int i = 0; i < 3; i++) {
            in[i] = Ort.Input.longs(INPUTS[i], data[i], n, seq);
        }
        return Ort.run(model, in).get(0);
    }

    private static float[] pooled(float[] out, long[] mask, int s, int seq, int hidden) {
        float[] p = new float[hidden];
        for (int t = 0; t < seq; t++) {
            if (mask[s * seq + t] != 0) {
                for (int h = 0; h < hidden; h++) {
                    p[h] += out[(s * seq + t) * hidden + h];
                }
            }
        }
        return p;
    }

    /** Quantized over fp32 latency at batch 1, the two models alternating, best-of-rounds medians avoided for brevity. */
    static double latencyRatio(Path model, int rounds) throws Exception {
        OrtEnvironment env = Ort.env();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession f = env.createSession(floatModel.toString(), o); OrtSession q = env.createSession(model.toString(), o)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                long[] ids = new long[32];
                long[] ones = new long[32];
                for (int i = 0; i < 32; i++) {
                    ids[i] = 1000 + 13L * i;
                    ones[i] = 1;
                }
                feed.put(INPUTS[0], OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, 32}));
                feed.put(INPUTS[1], OnnxTensor.createTensor(env, LongBuffer.wrap(ones), new long[] {1, 32}));
                feed.put(INPUTS[2], OnnxTensor.createTensor(env, LongBuffer.wrap(new long[32]), new long[] {1, 32}));
                long tf = 0;
                long tq = 0;
                for (int r = 0; r < rounds + 5; r++) {
                    long a = time(r % 2 == 0 ? f : q, feed);
                    long b = time(r % 2 == 0 ? q : f, feed);
                    if (r >= 5) {
                        tf += r % 2 == 0 ? a : b;
                        tq += r % 2 == 0 ? b : a;
                    }
                }
                feed.values().forEach(OnnxTensor::close);
                return tq / (double) tf;
            }
        }
    }

    private static long time(OrtSession s, Map<String, OnnxTensor> feed) throws Exception {
        long start = System.nanoTime();
        s.run(feed).close();
        return System.nanoTime() - start;
    }
}
