package dev.mcs.worker.quantize.weightonly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.quantize.Fp16Params;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return 1 - PooledCosines.error(floatModel, model, eval);
    }

    /** Quantized over fp32 latency at batch 1, the two models alternating. */
    static double latencyRatio(Path model, int rounds) throws Exception {
        return InterleavedLatency.sentenceRatio(model, floatModel, rounds);
    }
}
