package dev.mcs.worker.quantize.smoothquant;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.initializer;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static dev.mcs.worker.quantize.TestModel.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothAlpha;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import dev.mcs.worker.quantize.dynamic.QuantizationSummary;
import dev.mcs.worker.quantize.staticint8.StaticInt8Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SmoothQuant on small models fed with the digits holdout (input [batch, 64]) as calibration data. */
class SmoothQuantizerTest {

    private static final Path DATA = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");
    private static final DatasetPart CALIBRATION = DatasetPart.whole(DATA);
    private static final SmoothQuantParams SMOOTH = new SmoothQuantParams("smoothquant", null, null, null, null, null, SmoothAlpha.of(0.5), null).withDefaults();
    private static float[] pixels;

    private final Random random = new Random(5);
    private final SmoothQuantizer quantizer = new SmoothQuantizer(true);

    @TempDir
    Path dir;

    @BeforeAll
    static void readPixels() throws Exception {
        try (NpzArchive npz = NpzArchive.open(DATA)) {
            pixels = Arrays.copyOf(npz.readFloats("input"), 32 * 64);
        }
    }

    /** x → Mul(gamma) → Add(beta) → h; h feeds Q and K (and, with a residual, also the output). */
    private Path layerNormEnding(boolean residual) throws Exception {
        TestModel m = new TestModel().input("input", FLOAT, "batch", 64).output("q").output("k")
                .weight("gamma", positive(64), 64).weight("beta", randomFloats(random, 64), 64)
                .weight("Wq", randomFloats(random, 64 * 16), 64, 16).weight("Wk", randomFloats(random, 64 * 16), 64, 16)
                .node("Mul", List.of("input", "gamma"), List.of("g"))
                .node("Add", List.of("g", "beta"), List.of("h"))
                .node("MatMul", List.of("h", "Wq"), List.of("q"))
                .node("MatMul", List.of("h", "Wk"), List.of("k"));
        if (residual) {
            m.output("r").node("Relu", List.of("h"), List.of("r"));
        }
        return m.write(dir.resolve("m.onnx"));
    }

    @Test
    void withAlphaAutoItMeasuresEveryCandidateAndNeverReturnsWorseThanUnsmoothedInt8() throws Exception {
        Path model = layerNormEnding(false);
        Path out = dir.resolve("auto.onnx");

        SmoothQuantSummary summary = (SmoothQuantSummary) QuantizeRuns.apply(
                new SmoothQuantParams("smoothquant", null, null, null, null, null, null, null), model, out, DATA,
                EvaluationSettings.defaults());

        AlphaSearch.Report search = summary.alphaSearch();
        assertThat(search.candidates()).extracting(AlphaSearch.Candidate::alpha)
                .startsWith("none", "0.30", "0.50", "0.70", "0.90");
        double best = search.candidates().stream().mapToDouble(AlphaSearch.Candidate::score).max().orElseThrow();
        double chosen = search.candidates().stream().filter(c -> c.alpha().equals(search.chosen()))
                .findFirst().orElseThrow().score();
        assertThat(chosen).isEqualTo(best);
        assertThat(search.metric()).startsWith("outputCosine on ").endsWith("samples");
        assertThat(search.samples()).isPositive();
        assertThat(summary.alpha() == null).isEqualTo(search.chosen().equals("none"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.startsWith("alpha-search-"));
        }
        assertThat(Ort.run(out, Ort.Input.floats("input", randomFloats(new Random(5), 64), 1, 64))).isNotEmpty();
    }

    @Test
    void aLayerNormEndingReadOnlyByTheGroupAbsorbsOneOverSInGammaAndBeta() throws Exception {
        Path model = layerNormEnding(false);

        SmoothQuantSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH, 100, null);

        assertThat(summary.smoothedGroups()).isEqualTo(1);
        assertThat(summary.smoothedMatMuls()).isEqualTo(2);
        assertThat(summary.foldedIntoLayerNorm()).isEqualTo(1);
        assertThat(summary.smoothingMulsInserted()).isZero();
        assertThat(summary.calibrationSamples()).isEqualTo(100);
        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(opTypes(graph).stream().filter("Mul"::equals)).as("gamma Mul and two per quantized MatMul, none added").hasSize(1 + 2 * 2);
        assertThat(floats(initializer(graph, "gamma"))).isNotEqualTo(floats(initializer(read(model).getGraph(), "gamma")));
        assertOutputsClose(model, 0.999);
    }

    @Test
    void anActivationWithAnotherReaderGetsAnExplicitMulAndTheOtherReaderSeesTheOriginal() throws Exception {
        Path model = layerNormEnding(true);

        SmoothQuantSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH, 100, null);

        assertThat(summary.foldedIntoLayerNorm()).isZero();
        assertThat(summary.smoothingMulsInserted()).isEqualTo(1);
        OnnxMl.GraphProto graph = read(dir.resolve("q.onnx")).getGraph();
        assertThat(floats(initializer(graph, "gamma"))).isEqualTo(floats(initializer(read(model).getGraph(), "gamma")));
        assertOutputsClose(model, 0.999);
    }

    @Test
    void aProducingMatMulWithBiasAbsorbsOneOverSInItsColumns() throws Exception {
        Path model = new TestModel().input("input", FLOAT, "batch", 64).output("y")
                .weight("W1", randomFloats(random, 64 * 32), 64, 32).weight("b1", randomFloats(random, 32), 32)
                .weight("W2", randomFloats(random, 32 * 8), 32, 8)
                .node("MatMul", List.of("input", "W1"), List.of("m"))
                .node("Add", List.of("b1", "m"), List.of("h"))
                .node("MatMul", List.of("h", "W2"), List.of("y")).write(dir.resolve("m.onnx"));

        SmoothQuantSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH, 100, null);

        assertThat(summary.smoothedGroups()).isEqualTo(2);
        assertThat(summary.foldedIntoLinear()).isEqualTo(1);
        assertThat(summary.smoothingMulsInserted()).isEqualTo(1);
        assertThat(((QuantizationSummary) summary.quantization()).quantizedMatMuls()).isEqualTo(2);
        assertOutputsClose(model, 0.999);
    }

    @Test
    void anOutlierChannelIsQuantizedMoreFaithfullyThanByPlainDynamicInt8() throws Exception {
        float[] c = new float[64];
        Arrays.fill(c, 1f);
        c[20] = 400f;
        c[41] = -250f;
        Path model = new TestModel().input("input", FLOAT, "batch", 64).output("y")
                .weight("c", c, 64).weight("W", smallRows(64, 32, 20, 41), 64, 32)
                .node("Mul", List.of("input", "c"), List.of("x"))
                .node("MatMul", List.of("x", "W"), List.of("y")).write(dir.resolve("m.onnx"));

        quantizer.quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH, 100, null);
        new OnnxDynamicQuantizer().quantize(model, dir.resolve("d.onnx"), OnnxDynamicQuantizer.Options.of(new DynamicInt8Params("dynamic_int8", null, null, null, null, null)));

        Ort.Input in = Ort.Input.floats("input", pixels, 32, 64);
        float[] expected = Ort.run(model, in).get(0);
        double smooth = Ort.cosine(expected, Ort.run(dir.resolve("q.onnx"), in).get(0));
        double plain = Ort.cosine(expected, Ort.run(dir.resolve("d.onnx"), in).get(0));
        assertThat(1 - smooth).isLessThan((1 - plain) / 2);
    }

    @Test
    void withAnOutlierThresholdOnlyTheActivationWithAnOutlierChannelPaysForAMul() throws Exception {
        float[] outlier = new float[64];
        Arrays.fill(outlier, 1f);
        outlier[20] = 400f;
        Path model = new TestModel().input("input", FLOAT, "batch", 64).output("y1").output("y2")
                .weight("c", outlier, 64).weight("gamma", positive(64), 64)
                .weight("W1", randomFloats(random, 64 * 8), 64, 8).weight("W2", randomFloats(random, 64 * 8), 64, 8)
                .node("Mul", List.of("input", "c"), List.of("x"))
                .node("Mul", List.of("input", "gamma"), List.of("z"))
                .node("MatMul", List.of("x", "W1"), List.of("y1"))
                .node("MatMul", List.of("z", "W2"), List.of("y2")).write(dir.resolve("m.onnx"));

        SmoothQuantSummary summary = new SmoothQuantizer(true, SmoothQuantizer.MIN_OUTLIER_RATIO_FOR_MUL)
                .quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH, 100, null);

        assertThat(summary.smoothedGroups()).isEqualTo(1);
        assertThat(summary.smoothingMulsInserted()).isEqualTo(1);
        assertThat(summary.mildGroupsLeftAlone()).as("pixels times ~1 have no outlier channel").isEqualTo(1);
        assertThat(read(dir.resolve("q.onnx")).getGraph().getNodeList().stream()
                .filter(n -> n.getName().contains("smooth_mul")).map(n -> n.getInput(0))).containsExactly("x");
        assertOutputsClose(model, 0.999);
    }

    @Test
    void withoutACalibrationDatasetItIsRefused() throws Exception {
        Path model = layerNormEnding(false);

        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("q.onnx"), null, SMOOTH, 100, null))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("needs a calibration dataset");
    }

    @Test
    void staticActivationsQuantizeTheSmoothedModelAsQdqWithCalibratedRanges() throws Exception {
        Path model = layerNormEnding(false);
        SmoothQuantParams staticParams = new SmoothQuantParams("smoothquant", null, null, null, null, null, SmoothAlpha.of(0.5), "static")
                .withDefaults();

        SmoothQuantSummary summary = quantizer.quantize(model, dir.resolve("q.onnx"), CALIBRATION, staticParams, 100, null);

        assertThat(summary.quantization()).isInstanceOf(StaticInt8Summary.class);
        assertThat(read(dir.resolve("q.onnx")).getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType))
                .contains("QuantizeLinear", "DequantizeLinear").doesNotContain("DynamicQuantizeLinear");
        assertThat(java.nio.file.Files.list(dir).map(p -> p.getFileName().toString()))
                .as("the smoothed intermediate is removed").noneMatch(name -> name.startsWith("smoothed-"));
        assertOutputsClose(model, 0.99);
    }

    private void assertOutputsClose(Path original, double minCosine) throws Exception {
        Ort.Input in = Ort.Input.floats("input", pixels, 32, 64);
        List<float[]> expected = Ort.run(original, in);
        List<float[]> actual = Ort.run(dir.resolve("q.onnx"), in);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(Ort.cosine(expected.get(i), actual.get(i))).as("output %d", i).isGreaterThan(minCosine);
        }
    }

    private float[] positive(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5f + random.nextFloat();
        }
        return v;
    }

    /** Gaussian weights whose outlier rows are small, as trained models tend to have. */
    private float[] smallRows(int k, int n, int... rows) {
        float[] w = randomFloats(random, k * n);
        for (int r : rows) {
            for (int j = 0; j < n; j++) {
                w[r * n + j] *= 0.01f;
            }
        }
        return w;
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        float[] v = new float[t.getRawData().size() / 4];
        t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
