package dev.mcs.worker.quantize.normalize;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.intAttr;
import static dev.mcs.worker.quantize.TestModel.intsAttr;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.normalize.OldExportFixture.imageLike;
import static dev.mcs.worker.quantize.normalize.OldExportFixture.stringAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphNormalizerTest {

    private static final OpsetGoal STATIC = new OpsetGoal(11, 13);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {7, 9})
    void anOldExportWithConstantWeightsBecomesOpsetThirteenWithInitializersAndComputesTheSame(long opset) throws Exception {
        OnnxMl.ModelProto original = OldExportFixture.cnn(opset);

        Normalized n = GraphNormalizer.normalize(original, STATIC);

        assertThat(n.fromOpset()).isEqualTo(opset);
        assertThat(n.toOpset()).isEqualTo(13);
        assertThat(n.model().getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(opTypes(n.model().getGraph())).doesNotContain("Constant", "Upsample", "Dropout", "Transpose")
                .contains("Resize", "Conv", "MatMul");
        assertThat(n.liftedConstants()).isEqualTo(opset < 9 ? 9 : 10);
        assertThat(n.foldedNodes()).isEqualTo(1);
        assertThat(TestModel.initializerNames(n.model().getGraph())).contains("w1", "w2", "w3", "wm").doesNotContain("wt");
        assertSameOutputs(original, n.model(), "x", 2, 3, 16, 16);
    }

    @Test
    void softmaxOnAFlattenedAxisKeepsItsOldMeaningAtOpsetThirteen() throws Exception {
        OnnxMl.ModelProto original = new TestModel().opset(11).input("x", FLOAT, 2, 3, 4).output("y").output("z")
                .node("Softmax", List.of("x"), List.of("y"))
                .node("LogSoftmax", List.of("x"), List.of("z"), intAttr("axis", 2)).build();

        Normalized n = GraphNormalizer.normalize(original, STATIC);

        assertThat(n.toOpset()).isEqualTo(13);
        assertThat(opTypes(n.model().getGraph())).contains("Flatten", "Reshape");
        assertSameOutputs(original, n.model(), "x", 2, 3, 4);
    }

    @Test
    void upsampleBecomesResizeWithTheSameRoundingForNearestAndLinear() throws Exception {
        for (String mode : List.of("nearest", "linear")) {
            OnnxMl.ModelProto original = new TestModel().opset(9).input("x", FLOAT, 1, 2, 5, 5).output("y")
                    .weight("scales", new float[] {1, 1, 1.5f, 3}, 4)
                    .node("Upsample", List.of("x", "scales"), List.of("y"), stringAttr("mode", mode)).build();

            Normalized n = GraphNormalizer.normalize(original, STATIC);

            assertThat(opTypes(n.model().getGraph())).containsExactly("Resize");
            assertSameOutputs(original, n.model(), "x", 1, 2, 5, 5);
        }
    }

    @Test
    void attributesThatBecameInputsAreConvertedForPadSqueezeAndUnsqueeze() throws Exception {
        OnnxMl.ModelProto original = new TestModel().opset(9).input("x", FLOAT, 1, 3, 4).output("y")
                .node("Pad", List.of("x"), List.of("p"), intsAttr("pads", 0, 0, 1, 0, 0, 2),
                        TestModel.floatAttr("value", 0.5f))
                .node("Unsqueeze", List.of("p"), List.of("u"), intsAttr("axes", 0))
                .node("Squeeze", List.of("u"), List.of("y"), intsAttr("axes", 0)).build();

        Normalized n = GraphNormalizer.normalize(original, STATIC);

        assertThat(n.convertedNodes()).isEqualTo(3);
        assertSameOutputs(original, n.model(), "x", 1, 3, 4);
    }

    @Test
    void anOperatorWithoutConverterIsNamedAndAModelThatAlreadyMeetsTheMinimumKeepsItsOpset() {
        OnnxMl.ModelProto old = new TestModel().opset(9).input("x", FLOAT, 1, 3, 4, 4).output("y")
                .node("ImageScaler", List.of("x"), List.of("y"), TestModel.floatAttr("scale", 2f)).build();

        assertThatThrownBy(() -> GraphNormalizer.normalize(old, STATIC)).isInstanceOf(NormalizationException.class)
                .hasMessageContaining("[ImageScaler]").hasMessageContaining("opset 9").hasMessageContaining("needs opset 11");
    }

    @Test
    void aModelNewerThanTheGoalIsReturnedUnchanged() throws Exception {
        OnnxMl.ModelProto model = new TestModel().opset(13).input("x", FLOAT, 2, 4).output("y")
                .weight("w", new float[8], 4, 2).node("MatMul", List.of("x", "w"), List.of("y")).build();

        Normalized n = GraphNormalizer.normalize(model, STATIC);

        assertThat(n.changed()).isFalse();
        assertThat(n.model()).isSameAs(model);
    }

    @Test
    void foldingLeavesNodesThatReadRuntimeValuesAndBroadcastsItDoesNotHandle() throws Exception {
        OnnxMl.ModelProto model = new TestModel().opset(13).input("x", FLOAT, 2, 3).output("y").output("z")
                .weight("a", new float[] {1, 2, 3}, 1, 3).weight("b", new float[] {1, 2}, 2, 1)
                .weight("c", new float[] {3}, 1)
                .node("Mul", List.of("a", "b"), List.of("ab"))
                .node("Mul", List.of("a", "c"), List.of("ac"))
                .node("Add", List.of("x", "ab"), List.of("y"))
                .node("Add", List.of("x", "ac"), List.of("z")).build();

        Normalized n = GraphNormalizer.normalize(model, STATIC);

        assertThat(n.foldedNodes()).isEqualTo(1);
        assertThat(opTypes(n.model().getGraph())).containsExactly("Mul", "Add", "Add");
        assertSameOutputs(model, n.model(), "x", 2, 3);
    }

    private void assertSameOutputs(OnnxMl.ModelProto a, OnnxMl.ModelProto b, String input, long... shape)
            throws Exception {
        int count = (int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] data = imageLike(new Random(5), count);
        List<float[]> expected = Ort.run(write(a, "a.onnx"), Ort.Input.floats(input, data, shape));
        List<float[]> actual = Ort.run(write(b, "b.onnx"), Ort.Input.floats(input, data, shape));
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).hasSameSizeAs(expected.get(i));
            for (int j = 0; j < expected.get(i).length; j++) {
                assertThat(actual.get(i)[j]).as("output %d element %d", i, j)
                        .isCloseTo(expected.get(i)[j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    private Path write(OnnxMl.ModelProto model, String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }
}
