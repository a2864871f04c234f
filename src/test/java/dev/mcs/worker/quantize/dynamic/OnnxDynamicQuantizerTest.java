package dev.mcs.worker.quantize.dynamic;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.INT64;
import static dev.mcs.worker.quantize.TestModel.floatAttr;
import static dev.mcs.worker.quantize.TestModel.initializer;
import static dev.mcs.worker.quantize.TestModel.initializerNames;
import static dev.mcs.worker.quantize.TestModel.intAttr;
import static dev.mcs.worker.quantize.TestModel.intsAttr;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static dev.mcs.worker.quantize.TestModel.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxDynamicQuantizerTest {

    private static final OnnxDynamicQuantizer.Options INT8 = OnnxDynamicQuantizer.Options.DEFAULT;
    private static final List<String> MATMUL_PATTERN =
            List.of("DynamicQuantizeLinear", "Mul", "MatMulInteger", "Cast", "Mul");

    private final Random random = new Random(7);
    private final OnnxDynamicQuantizer quantizer = new OnnxDynamicQuantizer();

    @TempDir
    Path dir;

    @Test
    void aMatMulWithAConstantWeightBecomesTheIntegerPatternAndStillComputesTheSameResult() throws Exception {
        Path model = new TestModel().input("x", FLOAT, "batch", 16).output("y")
                .weight("W", randomFloats(random, 16 * 8), 16, 8)
                .node("MatMul", List.of("x", "W"), List.of("y")).write(dir.resolve("m.onnx"));

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(opTypes(graph)).isEqualTo(MATMUL_PATTERN);
        assertThat(graph.getOutput(0).getName()).isEqualTo("y");
        assertThat(graph.getNode(4).getOutput(0)).isEqualTo("y");
        assertThat(initializerNames(graph)).doesNotContain("W").contains("W_quantized", "W_scale", "W_zero_point");
        OnnxMl.TensorProto weights = initializer(graph, "W_quantized");
        assertThat(weights.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT8_VALUE);
        assertThat(weights.getDimsList()).containsExactly(16L, 8L);
        assertThat(initializer(graph, "W_scale").getDimsList()).containsExactly(8L);
        assertThat(summary).isEqualTo(new QuantizationSummary("dynamic_int8", 1, 0, 0, 0,
                summary.weightBytesBefore(), summary.weightBytesAfter(), List.of("MatMul_0")));
        assertThat(summary.weightBytesAfter()).isLessThan(summary.weightBytesBefore() / 2);
        assertOutputsClose(model, Ort.Input.floats("x", randomFloats(random, 4 * 16), 4, 16));
    }

    @Test
    void aGemmWithTransposedWeightAndBiasIsQuantizedAndAddsTheBiasInFloat() throws Exception {
        Path model = new TestModel().input("x", FLOAT, "batch", 16).output("y")
                .weight("W", randomFloats(random, 8 * 16), 8, 16).weight("C", randomFloats(random, 8), 8)
                .node("Gemm", List.of("x", "W", "C"), List.of("y"), intAttr("transB", 1))
                .write(dir.resolve("m.onnx"));

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(opTypes(graph)).containsExactly("DynamicQuantizeLinear", "Mul", "MatMulInteger", "Cast", "Mul", "Add");
        assertThat(initializer(graph, "W_transposed_quantized").getDimsList()).containsExactly(16L, 8L);
        assertThat(initializerNames(graph)).contains("C").doesNotContain("W");
        assertThat(summary.quantizedGemms()).isEqualTo(1);
        assertOutputsClose(model, Ort.Input.floats("x", randomFloats(random, 3 * 16), 3, 16));
    }

    @Test
    void aGemmWithAlphaOrTransposedInputStaysFloatAndIsCountedAsKept() throws Exception {
        Path model = new TestModel().input("x", FLOAT, "batch", 16).output("z")
                .weight("W", randomFloats(random, 16 * 16), 16, 16).weight("V", randomFloats(random, 16 * 4), 16, 4)
                .node("Gemm", List.of("x", "W"), List.of("h"), floatAttr("alpha", 0.5f))
                .node("MatMul", List.of("h", "V"), List.of("z")).write(dir.resolve("m.onnx"));

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        assertThat(summary.quantizedGemms()).isZero();
        assertThat(summary.quantizedMatMuls()).isEqualTo(1);
        assertThat(summary.floatMatMulsKept()).isEqualTo(1);
        assertThat(initializerNames(read(dir.resolve("q.onnx")).getGraph())).contains("W");
        assertOutputsClose(model, Ort.Input.floats("x", randomFloats(random, 2 * 16), 2, 16));
    }

    @Test
    void aThreeDimensionalActivationTimesAWeightIsQuantized() throws Exception {
        Path model = new TestModel().input("x", FLOAT, "batch", "seq", 16).output("y")
                .weight("W", randomFloats(random, 16 * 8), 16, 8)
                .node("MatMul", List.of("x", "W"), List.of("y")).write(dir.resolve("m.onnx"));

        quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        assertThat(opTypes(read(dir.resolve("q.onnx")).getGraph())).isEqualTo(MATMUL_PATTERN);
        assertOutputsClose(model, Ort.Input.floats("x", randomFloats(random, 2 * 5 * 16), 2, 5, 16));
    }

    @Test
    void aModelWithOnlyActivationMatMulsHasNothingToQuantize() throws IOException {
        Path model = new TestModel().input("a", FLOAT, 2, 4, 5).input("b", FLOAT, 2, 5, 3).output("y")
                .node("MatMul", List.of("a", "b"), List.of("y")).write(dir.resolve("m.onnx"));

        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("q.onnx"), INT8))
                .isInstanceOf(QuantizationException.class).hasMessageStartingWith("nothing to quantize");
        assertThat(dir.resolve("q.onnx")).doesNotExist();
    }

    @Test
    void anEmbeddingTableBecomesUint8AndIsDequantizedAfterTheGather() throws Exception {
        Path model = new TestModel().input("ids", INT64, "batch", "seq").output("y")
                .weight("E", randomFloats(random, 50 * 12), 50, 12)
                .node("Gather", List.of("E", "ids"), List.of("y")).write(dir.resolve("m.onnx"));

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(opTypes(graph)).containsExactly("Gather", "DequantizeLinear");
        assertThat(initializer(graph, "E_quantized").getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.UINT8_VALUE);
        assertThat(summary.quantizedEmbeddings()).isEqualTo(1);
        long[] ids = random.longs(10, 0, 50).toArray();
        assertOutputsClose(model, Ort.Input.longs("ids", ids, 2, 5));
    }

    @Test
    void aSmallEncoderSharesOneActivationQuantizerAndKeepsTheAttentionMatMulFloat() throws Exception {
        Path model = new TestModel().input("ids", INT64, "batch", "seq").output("scores").output("q")
                .weight("E", randomFloats(random, 30 * 16), 30, 16)
                .weightAsFloatData("Wq", randomFloats(random, 16 * 8), 16, 8)
                .weight("Wk", randomFloats(random, 16 * 8), 16, 8)
                .node("Gather", List.of("E", "ids"), List.of("h"))
                .node("MatMul", List.of("h", "Wq"), List.of("q"))
                .node("MatMul", List.of("h", "Wk"), List.of("k"))
                .node("Transpose", List.of("k"), List.of("kT"), intsAttr("perm", 0, 2, 1))
                .node("MatMul", List.of("q", "kT"), List.of("scores")).write(dir.resolve("m.onnx"));

        QuantizationSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        assertThat(summary.quantizedMatMuls()).isEqualTo(2);
        assertThat(summary.quantizedEmbeddings()).isEqualTo(1);
        assertThat(summary.floatMatMulsKept()).isEqualTo(1);
        assertThat(summary.quantizedNodes()).containsExactly("Gather_0", "MatMul_1", "MatMul_2");
        List<String> ops = opTypes(read(dir.resolve("q.onnx")).getGraph());
        assertThat(ops.stream().filter("DynamicQuantizeLinear"::equals)).hasSize(1);
        assertThat(ops.stream().filter("MatMul"::equals)).hasSize(1);
        assertOutputsClose(model, Ort.Input.longs("ids", random.longs(12, 0, 30).toArray(), 3, 4));
    }

    @Test
    void newNamesNeverCollideWithNamesAlreadyInTheModel() throws Exception {
        Path model = new TestModel().input("x", FLOAT, "batch", 16).output("y").output("W_quantized")
                .weight("W", randomFloats(random, 16 * 8), 16, 8)
                .node("Relu", List.of("x"), List.of("W_quantized"))
                .node("MatMul", List.of("x", "W"), List.of("y")).write(dir.resolve("m.onnx"));

        quantizer.quantize(model, dir.resolve("q.onnx"), INT8);

        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(initializerNames(graph)).contains("W_quantized_1").doesNotContain("W_quantized");
        assertOutputsClose(model, Ort.Input.floats("x", randomFloats(random, 2 * 16), 2, 16));
    }

    @Test
    void aFileThatIsNotAModelIsRefusedClearly() throws IOException {
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, 0x07});

        assertThatThrownBy(() -> quantizer.quantize(junk, dir.resolve("q.onnx"), INT8))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("not a valid ONNX model");
    }

    private void assertOutputsClose(Path original, Ort.Input... inputs) throws Exception {
        List<float[]> expected = Ort.run(original, inputs);
        List<float[]> actual = Ort.run(dir.resolve("q.onnx"), inputs);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).hasSameSizeAs(expected.get(i));
            assertThat(Ort.cosine(expected.get(i), actual.get(i))).as("cosine of output %d", i).isGreaterThan(0.999);
        }
    }
}
