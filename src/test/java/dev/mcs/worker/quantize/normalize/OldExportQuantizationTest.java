package dev.mcs.worker.quantize.normalize;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.normalize.OldExportFixture.imageLike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.engine.NpzWriter;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The methods on a model as an old exporter writes it: the normalizer runs first, so they now succeed. */
class OldExportQuantizationTest {

    private static final int SAMPLES = 16;
    private static final long[] SHAPE = {1, 3, 16, 16};

    @TempDir
    Path dir;

    @Test
    void staticInt8QuantizesEveryConvOfAnOpsetNineExportWithConstantWeights() throws Exception {
        Path model = write(OldExportFixture.cnn(9), "old.onnx");
        Path out = dir.resolve("q.onnx");

        Record summary = QuantizeRuns.apply(new StaticInt8Params("static_int8", null, null, null, null, null),
                model, out, dataset(), EvaluationSettings.defaults());

        OnnxMl.ModelProto q = TestModel.read(out);
        assertThat(q.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(summary.toString()).contains("Conv_");
        assertThat(opTypes(q.getGraph())).contains("QuantizeLinear", "DequantizeLinear").doesNotContain("Constant");
        assertThat(cosine(model, out)).isGreaterThan(0.98);
    }

    @Test
    void dynamicInt8QuantizesTheMatMulWhoseWeightWasATransposedConstant() throws Exception {
        Path model = write(OldExportFixture.cnn(9), "old.onnx");
        Path out = dir.resolve("q.onnx");

        QuantizeRuns.apply(new DynamicInt8Params("dynamic_int8", null, null, null, null, null), model, out, null,
                EvaluationSettings.defaults());

        assertThat(opTypes(TestModel.read(out).getGraph())).contains("MatMulInteger");
        assertThat(cosine(model, out)).isGreaterThan(0.98);
    }

    @Test
    void anOperatorWithoutConverterIsNamedTogetherWithTheRequestedMethod() throws Exception {
        Path model = write(new TestModel().opset(9).input("x", FLOAT, 1, 3, 4, 4).output("y")
                .node("ImageScaler", List.of("x"), List.of("y"), TestModel.floatAttr("scale", 2f)).build(), "m.onnx");

        assertThatThrownBy(() -> QuantizeRuns.apply(new StaticInt8Params("static_int8", null, null, null, null, null),
                model, dir.resolve("q.onnx"), dataset(), EvaluationSettings.defaults()))
                .isInstanceOf(QuantizationException.class)
                .hasMessageStartingWith("static_int8 could not normalize the model")
                .hasMessageContaining("[ImageScaler]").hasMessageNotContaining("dynamic_int8");
    }

    private double cosine(Path a, Path b) throws Exception {
        float[] x = imageLike(new Random(99), 3 * 16 * 16);
        return Ort.cosine(Ort.run(a, Ort.Input.floats("x", x, SHAPE)).get(0), Ort.run(b, Ort.Input.floats("x", x, SHAPE)).get(0));
    }

    private Path dataset() throws Exception {
        Path npz = dir.resolve("calib.npz");
        try (NpzWriter w = new NpzWriter(npz)) {
            w.floats("x", imageLike(new Random(1), SAMPLES * 3 * 16 * 16), SAMPLES, 3, 16, 16);
        }
        return npz;
    }

    private Path write(OnnxMl.ModelProto model, String name) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }
}
