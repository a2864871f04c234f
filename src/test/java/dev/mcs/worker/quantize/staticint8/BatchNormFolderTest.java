package dev.mcs.worker.quantize.staticint8;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchNormFolderTest {

    private static final long[] INPUT = {2, 4, 6, 6};

    @TempDir
    Path dir;

    @Test
    void aBatchNormalizationAfterAConvIsFoldedIntoItAndTheOutputsStayTheSameWithinFloatRounding() throws Exception {
        Random r = new Random(3);
        TestModel m = convThenBatchNorm(r, 1, true);
        assertFoldedLikeTheOriginal(m, r);
    }

    @Test
    void aGroupedConvWithoutBiasIsFoldedPerOutputChannel() throws Exception {
        Random r = new Random(4);
        TestModel m = convThenBatchNorm(r, 2, false);
        assertFoldedLikeTheOriginal(m, r);
    }

    @Test
    void aConvWhoseOutputIsAlsoReadElsewhereKeepsItsBatchNormalization() throws Exception {
        Random r = new Random(5);
        TestModel m = convThenBatchNorm(r, 1, true).node("Relu", List.of("conv"), List.of("side")).output("side");
        OnnxMl.GraphProto folded = BatchNormFolder.fold(m.build().getGraph());
        assertThat(TestModel.opTypes(folded)).containsExactly("Conv", "BatchNormalization", "Relu");
    }

    private void assertFoldedLikeTheOriginal(TestModel m, Random r) throws Exception {
        Path original = m.write(dir.resolve("original.onnx"));
        OnnxMl.ModelProto model = m.build();
        OnnxMl.ModelProto folded = model.toBuilder().setGraph(BatchNormFolder.fold(model.getGraph())).build();
        assertThat(TestModel.opTypes(folded.getGraph())).containsExactly("Conv");
        assertThat(TestModel.initializerNames(folded.getGraph())).doesNotContain("bn_scale", "bn_bias", "bn_mean", "bn_var", "w");
        Path foldedFile = dir.resolve("folded.onnx");
        try (var out = java.nio.file.Files.newOutputStream(foldedFile)) {
            folded.writeTo(out);
        }
        float[] x = TestModel.randomFloats(r, 2 * 4 * 6 * 6);
        float[] a = Ort.run(original, Ort.Input.floats("x", x, INPUT)).get(0);
        float[] b = Ort.run(foldedFile, Ort.Input.floats("x", x, INPUT)).get(0);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-4f * Math.max(1f, Math.abs(a[i]))));
        }
    }

    /** x[2,4,6,6] → Conv(8 out, 3x3, groups) → BatchNormalization with statistics far from identity. */
    private static TestModel convThenBatchNorm(Random r, int groups, boolean bias) {
        int out = 8;
        TestModel m = new TestModel().input("x", TestModel.FLOAT, 2, 4, 6, 6).output("y")
                .weight("w", TestModel.randomFloats(r, out * 4 / groups * 9), out, 4 / groups, 3, 3)
                .weight("bn_scale", positive(r, out, 0.2f, 3f), out).weight("bn_bias", TestModel.randomFloats(r, out), out)
                .weight("bn_mean", TestModel.randomFloats(r, out), out).weight("bn_var", positive(r, out, 0.01f, 4f), out);
        List<String> convInputs = bias ? List.of("x", "w", "b") : List.of("x", "w");
        if (bias) {
            m.weight("b", TestModel.randomFloats(r, out), out);
        }
        return m.node("Conv", convInputs, List.of("conv"), TestModel.intsAttr("kernel_shape", 3, 3),
                        TestModel.intsAttr("pads", 1, 1, 1, 1), TestModel.intAttr("group", groups))
                .node("BatchNormalization", List.of("conv", "bn_scale", "bn_bias", "bn_mean", "bn_var"), List.of("y"),
                        TestModel.floatAttr("epsilon", 1e-3f));
    }

    private static float[] positive(Random r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }
}
