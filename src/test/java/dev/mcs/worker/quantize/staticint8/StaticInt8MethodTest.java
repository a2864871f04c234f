package dev.mcs.worker.quantize.staticint8;

import static dev.mcs.worker.quantize.staticint8.StaticInt8Fixture.CNN;
import static dev.mcs.worker.quantize.staticint8.StaticInt8Fixture.CNN_HOLDOUT;
import static dev.mcs.worker.quantize.staticint8.StaticInt8Fixture.MLP;
import static dev.mcs.worker.quantize.staticint8.StaticInt8Fixture.MLP_HOLDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticInt8MethodTest {

    private static final double HALF_A_POINT = 0.005;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"minmax", "percentile", "entropy"})
    void theQuantizedCnnStaysWithinHalfAPointOfFp32Accuracy(String calibration) throws Exception {
        Path out = dir.resolve("cnn.onnx");

        StaticInt8Summary summary = quantize(CNN, out, params(calibration, null, null), CNN_HOLDOUT);

        assertThat(StaticInt8Fixture.accuracy(out, CNN_HOLDOUT, 1, 8, 8))
                .isGreaterThanOrEqualTo(StaticInt8Fixture.CNN_FP32_ACCURACY - HALF_A_POINT);
        assertThat(summary.calibration()).isEqualTo(calibration);
        assertThat(summary.quantizedConvs()).isEqualTo(1);
        assertThat(summary.quantizedGemms()).isEqualTo(2);
        assertThat(summary.keptFloat()).singleElement().asString()
                .startsWith("/features/features.0/Conv: reduction depth 9");
        assertThat(summary.calibrationSamples()).isEqualTo(256);
        assertThat(summary.weightBytesAfter()).isLessThan(summary.weightBytesBefore() / 3 + 1000);
    }

    @Test
    void byDefaultEveryRangeEstimatorIsScoredOnTheCalibrationDataAndTheBestIsKept() throws Exception {
        Path out = dir.resolve("cnn.onnx");

        StaticInt8Summary summary = quantize(CNN, out, params(null, null, null), CNN_HOLDOUT);

        assertThat(summary.calibrationScores()).hasSize(CalibrationChoice.CANDIDATES.size());
        double best = summary.calibrationScores().stream()
                .mapToDouble(s -> Double.parseDouble(s.substring(s.lastIndexOf(' ') + 1))).max().orElseThrow();
        String chosen = summary.percentile() == null ? summary.calibration()
                : summary.calibration() + " " + summary.percentile();
        assertThat(summary.calibrationScores()).contains(String.format(java.util.Locale.ROOT, "%s: %.5f", chosen, best));
        assertThat(StaticInt8Fixture.accuracy(out, CNN_HOLDOUT, 1, 8, 8))
                .isGreaterThanOrEqualTo(StaticInt8Fixture.CNN_FP32_ACCURACY - HALF_A_POINT);
    }

    @Test
    void aGivenRangeEstimatorIsUsedWithoutScoringTheOthers() throws Exception {
        StaticInt8Summary summary = quantize(CNN, dir.resolve("cnn.onnx"), params("entropy", null, null), CNN_HOLDOUT);

        assertThat(summary.calibration()).isEqualTo("entropy");
        assertThat(summary.calibrationScores()).isEmpty();
    }

    @Test
    void onnxRuntimeFusesTheCnnIntoInt8Kernels() throws Exception {
        Path out = dir.resolve("cnn.onnx");
        quantize(CNN, out, params(null, null, null), CNN_HOLDOUT);

        List<String> written = TestModel.opTypes(TestModel.read(out).getGraph());
        List<String> optimized = StaticInt8Fixture.optimizedOpTypes(out, dir.resolve("optimized.onnx"));

        assertThat(written).contains("QuantizeLinear", "DequantizeLinear", "Conv", "Gemm");
        assertThat(optimized).contains("QLinearConv", "QGemm").doesNotContain("Gemm", "DequantizeLinear");
        assertThat(optimized.stream().filter(op -> op.equals("Conv"))).hasSize(1); // the 1-channel first Conv
    }

    @Test
    void theMlpsGemmsBecomeQGemmAndKeepItsAccuracy() throws Exception {
        Path out = dir.resolve("mlp.onnx");

        StaticInt8Summary summary = quantize(MLP, out, params("percentile", null, null), MLP_HOLDOUT);

        assertThat(summary.quantizedGemms()).isEqualTo(3);
        assertThat(summary.percentile()).isEqualTo(99.999);
        assertThat(StaticInt8Fixture.optimizedOpTypes(out, dir.resolve("optimized.onnx"))).containsOnly("QuantizeLinear", "QGemm");
        assertThat(StaticInt8Fixture.accuracy(out, MLP_HOLDOUT, 64))
                .isGreaterThanOrEqualTo(StaticInt8Fixture.MLP_FP32_ACCURACY - HALF_A_POINT);
    }

    @Test
    void weightsArePerChannelInt8WithOpset13() throws Exception {
        Path out = dir.resolve("cnn.onnx");
        StaticInt8Summary summary = quantize(CNN, out, params(null, null, null), CNN_HOLDOUT);

        OnnxMl.GraphProto graph = TestModel.read(out).getGraph();
        OnnxMl.TensorProto weight = TestModel.initializer(graph, "features.2.weight_quantized");
        OnnxMl.TensorProto scales = TestModel.initializer(graph, "features.2.weight_scale");
        OnnxMl.TensorProto bias = TestModel.initializer(graph, "features.2.bias_quantized");

        assertThat(summary.perChannel()).isTrue();
        assertThat(summary.opset()).isEqualTo(13);
        assertThat(weight.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT8_VALUE);
        assertThat(weight.getDimsList()).containsExactly(16L, 8L, 3L, 3L);
        assertThat(scales.getDimsList()).containsExactly(16L);
        assertThat(bias.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT32_VALUE);
        assertThat(TestModel.initializerNames(graph)).doesNotContain("features.2.weight", "features.2.bias");
    }

    @Test
    void perTensorWeightsStillFuseAndKeepAccuracy() throws Exception {
        Path out = dir.resolve("cnn.onnx");
        StaticInt8Params p = new StaticInt8Params("static_int8", "minmax", null, false, null, null);

        StaticInt8Summary summary = quantize(CNN, out, p, CNN_HOLDOUT);

        assertThat(summary.perChannel()).isFalse();
        assertThat(TestModel.initializer(TestModel.read(out).getGraph(), "features.2.weight_scale").getDimsCount()).isZero();
        assertThat(StaticInt8Fixture.optimizedOpTypes(out, dir.resolve("optimized.onnx"))).contains("QLinearConv");
        assertThat(StaticInt8Fixture.accuracy(out, CNN_HOLDOUT, 1, 8, 8))
                .isGreaterThanOrEqualTo(StaticInt8Fixture.CNN_FP32_ACCURACY - 2 * HALF_A_POINT);
    }

    @Test
    void excludedNodesStayFloat() throws Exception {
        Path out = dir.resolve("cnn.onnx");

        StaticInt8Summary summary = quantize(CNN, out, params("minmax", null, List.of("/classifier/classifier.2/Gemm")),
                CNN_HOLDOUT);

        assertThat(summary.quantizedNodeNames()).doesNotContain("/classifier/classifier.2/Gemm").hasSize(2);
        assertThat(summary.nodesKeptFloat()).isEqualTo(2);
        assertThat(summary.keptFloat()).contains("/classifier/classifier.2/Gemm: excluded by excludeNodes");
        assertThat(TestModel.initializerNames(TestModel.read(out).getGraph())).contains("classifier.2.weight");
        assertThat(StaticInt8Fixture.accuracy(out, CNN_HOLDOUT, 1, 8, 8))
                .isGreaterThanOrEqualTo(StaticInt8Fixture.CNN_FP32_ACCURACY - HALF_A_POINT);
    }

    @Test
    void opTypesLimitWhatIsQuantized() throws Exception {
        Path out = dir.resolve("cnn.onnx");

        StaticInt8Summary summary = quantize(CNN, out, params("minmax", List.of("Conv"), null), CNN_HOLDOUT);

        assertThat(summary.quantizedConvs()).isEqualTo(1);
        assertThat(summary.quantizedGemms()).isZero();
        assertThat(StaticInt8Fixture.optimizedOpTypes(out, dir.resolve("optimized.onnx"))).contains("QLinearConv");
    }

    @Test
    void withoutADatasetItFailsClearly() {
        MethodRun request = new MethodRun(CNN, ModelFormat.ONNX, dir.resolve("x.onnx"), params(null, null, null),
                null, null, null, x -> { });

        assertThatThrownBy(() -> new StaticInt8Method().apply(request))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("dataset");
    }

    @Test
    void aModelWithNothingQuantizableFailsClearly() {
        StaticInt8Params onlyMatMul = params("minmax", List.of("MatMul"), null);

        assertThatThrownBy(() -> quantize(CNN, dir.resolve("x.onnx"), onlyMatMul, CNN_HOLDOUT))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("nothing to quantize");
    }

    @Test
    void excludingEveryNodeLeavesNothingToQuantize() {
        StaticInt8Params all = params("minmax", null, List.of("/features/features.0/Conv", "/features/features.2/Conv",
                "/classifier/classifier.0/Gemm", "/classifier/classifier.2/Gemm"));

        assertThatThrownBy(() -> quantize(CNN, dir.resolve("x.onnx"), all, CNN_HOLDOUT))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("excluded by excludeNodes");
    }

    @Test
    void aModelWithoutAFloatOutputIsQuantizedWithMinmaxSinceNothingCanScoreTheEstimators() throws Exception {
        java.util.Random r = new java.util.Random(7);
        OnnxMl.ModelProto built = new TestModel().input("input", TestModel.FLOAT, "batch", 1, 8, 8).output("label")
                .weight("w1", TestModel.randomFloats(r, 16 * 9), 16, 1, 3, 3)
                .weight("w2", TestModel.randomFloats(r, 16 * 16 * 9), 16, 16, 3, 3)
                .node("Conv", List.of("input", "w1"), List.of("c1"), TestModel.intsAttr("pads", 1, 1, 1, 1))
                .node("Conv", List.of("c1", "w2"), List.of("c2"), TestModel.intsAttr("pads", 1, 1, 1, 1))
                .node("ArgMax", List.of("c2"), List.of("label"), TestModel.intAttr("axis", 1)).build();
        OnnxMl.GraphProto.Builder g = built.getGraph().toBuilder();
        g.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().setElemType(TestModel.INT64);
        Path model = dir.resolve("argmax.onnx");
        java.nio.file.Files.write(model, built.toBuilder().setGraph(g).build().toByteArray());

        StaticInt8Summary summary = quantize(model, dir.resolve("q.onnx"), params(null, null, null), CNN_HOLDOUT);

        assertThat(summary.calibration()).isEqualTo("minmax");
        assertThat(summary.calibrationScores()).singleElement().asString().contains("no float output");
        assertThat(summary.quantizedConvs()).isEqualTo(1);
    }

    @Test
    void theSummaryTellsWhetherTheInt8ModelIsFasterThanTheFloatOneAtBatchOne() throws Exception {
        StaticInt8Summary summary = quantize(CNN, dir.resolve("cnn.onnx"), params("minmax", null, null), CNN_HOLDOUT);

        assertThat(summary.speedupAtBatch1()).isPositive();
        assertThat(summary.speedupRounds()).isGreaterThanOrEqualTo(EvaluationSettings.defaults().timedRuns());
        if (summary.speedupAtBatch1() < 1) {
            assertThat(summary.warning()).contains("not faster than the float model");
        } else {
            assertThat(summary.warning()).isNull();
        }
    }

    @Test
    void aLatencyComparisonThatCannotRunIsReportedAndDoesNotFailTheQuantization() {
        SpeedCheck.Result result = SpeedCheck.measure(dir.resolve("missing.onnx"), CNN, DatasetPart.whole(CNN_HOLDOUT),
                EvaluationSettings.defaults());

        assertThat(result.speedup()).isNull();
        assertThat(result.warning()).startsWith("int8 and float latency not compared: ");
    }

    @Test
    void anUnknownCalibrationIsRejected() {
        assertThatThrownBy(() -> params("mse", null, null).withDefaults().validate(DatasetFacts.NONE))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining("'params.calibration' must be one of");
    }

    static StaticInt8Summary quantize(Path model, Path out, StaticInt8Params params, Path dataset) throws Exception {
        return (StaticInt8Summary) new StaticInt8Method().apply(new MethodRun(model, ModelFormat.ONNX, out,
                params.withDefaults(), DatasetPart.whole(dataset), null, null, x -> { }));
    }

    static StaticInt8Params params(String calibration, List<String> opTypes, List<String> exclude) {
        return new StaticInt8Params("static_int8", calibration, null, null, opTypes, exclude);
    }
}
