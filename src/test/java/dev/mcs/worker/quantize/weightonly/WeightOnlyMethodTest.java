package dev.mcs.worker.quantize.weightonly;

import static dev.mcs.worker.quantize.TestModel.INT64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.TestModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightOnlyMethodTest {

    private static final int K = 80; // three 32-wide blocks along K, the last one padded
    private static final int N = 24;
    private static final long[] IDS = {0, 7, 49, 12};

    @TempDir
    Path dir;

    /** Gather(table) → MatMul(W) → Gemm(V, c, transB=1). */
    private Path model() throws Exception {
        Random random = new Random(7);
        return new TestModel().input("ids", INT64, "batch").output("y")
                .weight("table", TestModel.randomFloats(random, 50 * K), 50, K)
                .weight("W", TestModel.randomFloats(random, K * N), K, N)
                .weight("V", TestModel.randomFloats(random, 16 * N), 16, N)
                .weight("c", TestModel.randomFloats(random, 16), 16)
                .node("Gather", List.of("table", "ids"), List.of("e"))
                .node("MatMul", List.of("e", "W"), List.of("h"))
                .node("Gemm", List.of("h", "V", "c"), List.of("y"), TestModel.intAttr("transB", 1))
                .write(dir.resolve("float.onnx"));
    }

    private Record quantize(Path in, Path out, String method, String algorithm, String embeddings, List<String> exclude)
            throws Exception {
        return QuantizeRuns.apply(new WeightOnlyParams(method, null, null, algorithm, embeddings, exclude), in, out, null, null);
    }

    private static double cosineToFloat(Path original, Path quantized) throws Exception {
        Ort.Input ids = Ort.Input.longs("ids", IDS, IDS.length);
        return Ort.cosine(Ort.run(original, ids).get(0), Ort.run(quantized, ids).get(0));
    }

    @Test
    void int4TurnsMatMulAndGemmIntoMatMulNBitsAndStaysCloseToFloat() throws Exception {
        Path in = model();
        Path out = dir.resolve("int4.onnx");
        WeightOnlySummary s = (WeightOnlySummary) quantize(in, out, "weight_only_int4", null, "int4", null);
        assertThat(TestModel.opTypes(TestModel.read(out).getGraph()))
                .containsExactly("GatherBlockQuantized", "MatMulNBits", "MatMulNBits", "Add");
        assertThat(s.quantizedMatMuls()).isEqualTo(1);
        assertThat(s.quantizedGemms()).isEqualTo(1);
        assertThat(s.quantizedEmbeddings()).isEqualTo(1);
        assertThat(s.weightBytesAfter()).isLessThan(s.weightBytesBefore() / 4);
        assertThat(cosineToFloat(in, out)).isGreaterThan(0.98);
    }

    @Test
    void hqqStoresZeroPointsAndIsAtLeastAsCloseAsRoundToNearest() throws Exception {
        Path in = model();
        Path hqq = dir.resolve("hqq.onnx");
        Path rtn = dir.resolve("rtn.onnx");
        WeightOnlySummary s = (WeightOnlySummary) quantize(in, hqq, "weight_only_int4", "hqq", "float", null);
        quantize(in, rtn, "weight_only_int4", "rtn", "float", null);
        assertThat(s.symmetric()).isFalse();
        assertThat(s.hqqP()).isEqualTo(0.7);
        assertThat(TestModel.read(hqq).getGraph().getNode(1).getInputCount()).isEqualTo(4);
        assertThat(cosineToFloat(in, hqq)).isGreaterThan(0.98);
    }

    @Test
    void int8RebuildsFloatWeightsFromInt8AndIsNearlyExact() throws Exception {
        Path in = model();
        Path out = dir.resolve("int8.onnx");
        quantize(in, out, "weight_only_int8", null, null, null);
        assertThat(TestModel.opTypes(TestModel.read(out).getGraph())).contains("Cast", "Reshape", "MatMul", "DequantizeLinear")
                .doesNotContain("Gemm");
        assertThat(cosineToFloat(in, out)).isGreaterThan(0.999);
    }

    @Test
    void excludedNodesStayFloat() throws Exception {
        Path in = model();
        Path out = dir.resolve("excluded.onnx");
        WeightOnlySummary s = (WeightOnlySummary) quantize(in, out, "weight_only_int4", null, "float", List.of("Gemm_2"));
        assertThat(TestModel.opTypes(TestModel.read(out).getGraph())).containsExactly("Gather", "MatMulNBits", "Gemm");
        assertThat(s.excludedNodes()).isEqualTo(1);
    }

    @Test
    void theDigitsMlpKeepsItsPredictions() throws Exception {
        Path in = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
        Path out = dir.resolve("mlp.onnx");
        WeightOnlySummary s = (WeightOnlySummary) quantize(in, out, "weight_only_int4", "hqq", null, null);
        Random random = new Random(3);
        float[] x = new float[4 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(17);
        }
        Ort.Input input = Ort.Input.floats("input", x, 4, 64);
        assertThat(s.quantizedMatMuls() + s.quantizedGemms()).isPositive();
        assertThat(Ort.cosine(Ort.run(in, input).get(0), Ort.run(out, input).get(0))).isGreaterThan(0.99);
    }
}
