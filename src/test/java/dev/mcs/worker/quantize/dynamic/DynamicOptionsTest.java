package dev.mcs.worker.quantize.dynamic;

import static dev.mcs.worker.quantize.TestModel.INT64;
import static dev.mcs.worker.quantize.TestModel.initializer;
import static dev.mcs.worker.quantize.TestModel.initializerNames;
import static dev.mcs.worker.quantize.TestModel.intAttr;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static dev.mcs.worker.quantize.TestModel.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dynamic_int8 options, each on a small encoder: embedding Gather → MatMul → Gemm. */
class DynamicOptionsTest {

    private final Random random = new Random(11);
    private final OnnxDynamicQuantizer quantizer = new OnnxDynamicQuantizer();

    @TempDir
    Path dir;

    private Path encoder() throws Exception {
        return new TestModel().input("ids", INT64, "tokens").output("y")
                .weight("E", randomFloats(random, 40 * 16), 40, 16)
                .weight("W", randomFloats(random, 16 * 12), 16, 12)
                .weight("G", randomFloats(random, 8 * 12), 8, 12).weight("C", randomFloats(random, 8), 8)
                .node("Gather", List.of("E", "ids"), List.of("h"))
                .node("MatMul", List.of("h", "W"), List.of("m"))
                .node("Gemm", List.of("m", "G", "C"), List.of("y"), intAttr("transB", 1))
                .write(dir.resolve("m.onnx"));
    }

    private static OnnxDynamicQuantizer.Options params(Boolean perChannel, String range, List<String> ops,
            List<String> exclude, Boolean embeddings) throws Exception {
        return OnnxDynamicQuantizer.Options.of(perChannel, range, ops, exclude, embeddings);
    }

    @Test
    void perTensorWeightsHaveOneScalarScaleAndStillComputeCloseResults() throws Exception {
        Path model = encoder();

        quantizer.quantize(model, dir.resolve("q.onnx"), params(false, null, null, null, null));

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(initializer(graph, "W_scale").getDimsList()).isEmpty();
        assertThat(initializer(graph, "W_zero_point").getDimsList()).isEmpty();
        assertThat(initializer(graph, "G_transposed_scale").getDimsList()).isEmpty();
        assertOutputsClose(model, 0.995);
    }

    @Test
    void reducedRangeKeepsEveryWeightWithinPlusOrMinus64AsTheReferenceDoes() throws Exception {
        Path model = encoder();

        quantizer.quantize(model, dir.resolve("q.onnx"), params(null, "reduced", null, null, null));

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        byte[] w = initializer(graph, "W_quantized").getRawData().toByteArray();
        int max = 0;
        for (byte b : w) {
            max = Math.max(max, Math.abs(b));
        }
        assertThat(max).isEqualTo(64);
        assertOutputsClose(model, 0.995);
    }

    @Test
    void onlyTheChosenOpTypesAreQuantized() throws Exception {
        Path model = encoder();

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, List.of("Gemm"), null, null));

        assertThat(summary.quantizedMatMuls()).isZero();
        assertThat(summary.quantizedGemms()).isEqualTo(1);
        assertThat(summary.floatMatMulsKept()).isEqualTo(1);
        assertThat(opTypes(read(dir.resolve("q.onnx")).getGraph())).contains("MatMul").doesNotContain("Gemm");
        assertOutputsClose(model, 0.999);
    }

    @Test
    void anExcludedNodeStaysFloatAndIsListedInTheSummary() throws Exception {
        Path model = encoder();

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, null, List.of("MatMul_1"), null));

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(summary.quantizedNodes()).containsExactly("Gather_0", "Gemm_2");
        assertThat(summary.excludedNodes()).containsExactly("MatMul_1");
        assertThat(summary.floatMatMulsKept()).isEqualTo(1);
        assertThat(initializerNames(graph)).contains("W").doesNotContain("W_quantized");
        assertThat(opTypes(graph).stream().filter("DynamicQuantizeLinear"::equals)).hasSize(1);
        assertOutputsClose(model, 0.999);
    }

    @Test
    void anUnknownExcludedNameIsRefusedWithValidNamesToChooseFrom() throws Exception {
        Path model = encoder();

        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, null, List.of("MatMul_9", "Gemm_2"), null)))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("[MatMul_9]")
                .hasMessageContaining("quantizable nodes include [Gather_0, MatMul_1, Gemm_2]");
        assertThat(dir.resolve("q.onnx")).doesNotExist();
    }

    @Test
    void embeddingsStayFloatWhenTheirQuantizationIsTurnedOff() throws Exception {
        Path model = encoder();

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, null, null, false));

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(summary.quantizedEmbeddings()).isZero();
        assertThat(summary.quantizedNodes()).containsExactly("MatMul_1", "Gemm_2");
        assertThat(initializer(graph, "E").getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        assertThat(opTypes(graph)).doesNotContain("DequantizeLinear");
        assertOutputsClose(model, 0.999);
    }

    @Test
    void anOpTypeOutsideMatMulAndGemmIsRefused() throws Exception {
        Path model = encoder();

        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, List.of("Conv"), null, null)))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("not a subset of [MatMul, Gemm]");
    }

    @Test
    void excludingEveryCandidateLeavesNothingToQuantize() throws Exception {
        Path model = encoder();

        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("q.onnx"),
                params(null, null, null, List.of("Gather_0", "MatMul_1", "Gemm_2"), null)))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("with these options");
    }

    private void assertOutputsClose(Path original, double minCosine) throws Exception {
        Ort.Input ids = Ort.Input.longs("ids", random.longs(12, 0, 40).toArray(), 12);
        float[] expected = Ort.run(original, ids).get(0);
        float[] actual = Ort.run(dir.resolve("q.onnx"), ids).get(0);
        assertThat(Ort.cosine(expected, actual)).isGreaterThan(minCosine);
    }
}
