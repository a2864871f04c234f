package dev.mcs.worker.quantize.smoothquant;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.intsAttr;
import static dev.mcs.worker.quantize.TestModel.opTypes;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.technique.quantize.SmoothAlpha;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attention-output dense MatMul reads the attention context, whose channel j comes from V's channel j
 * only; SmoothQuant folds its 1/s into the value projection instead of inserting a Mul. Built as a BERT
 * export does: digits pixels [batch, 64] as 4 tokens of 16 channels, 2 heads of 8.
 */
class SmoothValueFoldTest {

    private static final Path DATA = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");
    private static final DatasetPart CALIBRATION = DatasetPart.whole(DATA);
    private static final SmoothQuantParams SMOOTH = new SmoothQuantParams("smoothquant", null, null, null, null, null,
            SmoothAlpha.of(0.75), null).withDefaults();
    private static float[] pixels;

    private final Random random = new Random(11);

    @TempDir
    Path dir;

    @BeforeAll
    static void readPixels() throws Exception {
        try (NpzArchive npz = NpzArchive.open(DATA)) {
            pixels = Arrays.copyOf(npz.readFloats("input"), 32 * 64);
        }
    }

    @Test
    void theContextsOneOverSIsFoldedIntoTheValueProjectionAndTheFloatGraphIsUnchanged() throws Exception {
        Path model = write(attention(new long[] {0, 2, 1, 3}, false));

        SmoothQuantizer.Smoothed smoothed = new SmoothQuantizer(true).smooth(model, CALIBRATION, SMOOTH, 100, null);

        assertThat(kinds(smoothed)).containsExactly(SmoothGroups.FoldKind.MUL, SmoothGroups.FoldKind.VALUE);
        SmoothGroups.Group context = smoothed.groups().get(1);
        assertThat(context.divided()).containsExactly("Wv", "bv");
        assertThat(opTypes(smoothed.model().getGraph()).stream().filter("Mul"::equals))
                .as("only the Q/K/V input, whose producer is a Reshape, gets a Mul").hasSize(1);
        assertThat(spread(smoothed.applied().get(1))).as("the factors differ per channel").isGreaterThan(1.5);
        assertSameFunction(model, smoothed);
    }

    @Test
    void aMergeThatInterleavesHeadsAndChannelsKeepsTheExplicitMul() throws Exception {
        Path model = write(attention(new long[] {0, 2, 3, 1}, false));

        SmoothQuantizer.Smoothed smoothed = new SmoothQuantizer(true).smooth(model, CALIBRATION, SMOOTH, 100, null);

        assertThat(kinds(smoothed)).containsExactly(SmoothGroups.FoldKind.MUL, SmoothGroups.FoldKind.MUL);
        assertSameFunction(model, smoothed);
    }

    @Test
    void aValueThatAnotherNodeAlsoReadsKeepsTheExplicitMul() throws Exception {
        Path model = write(attention(new long[] {0, 2, 1, 3}, true));

        SmoothQuantizer.Smoothed smoothed = new SmoothQuantizer(true).smooth(model, CALIBRATION, SMOOTH, 100, null);

        assertThat(kinds(smoothed)).containsExactly(SmoothGroups.FoldKind.MUL, SmoothGroups.FoldKind.MUL);
        assertSameFunction(model, smoothed);
    }

    @Test
    void theQuantizedModelReportsTheFoldAndStaysCloseToFloat() throws Exception {
        Path model = write(attention(new long[] {0, 2, 1, 3}, false));

        SmoothQuantSummary summary = new SmoothQuantizer(true).quantize(model, dir.resolve("q.onnx"), CALIBRATION, SMOOTH,
                100, null);

        assertThat(summary.foldedIntoValue()).isEqualTo(1);
        assertThat(summary.smoothingMulsInserted()).isEqualTo(1);
        Ort.Input in = Ort.Input.floats("input", pixels, 32, 64);
        assertThat(Ort.cosine(Ort.run(model, in).get(0), Ort.run(dir.resolve("q.onnx"), in).get(0))).isGreaterThan(0.99);
    }

    /**
     * x [b,4,16] → Q, K, V projections with bias → heads [b,4,2,8] → softmax(Q·Kᵀ)·V → context merged back
     * with {@code mergePerm} → dense → y. The split shape of V is a Concat of constants, as exporters write it.
     */
    private OnnxMl.ModelProto attention(long[] mergePerm, boolean valueIsAlsoAnOutput) {
        TestModel m = new TestModel().input("input", FLOAT, "batch", 64).output("y");
        for (String p : List.of("q", "k", "v")) {
            m.weight("W" + p, randomFloats(random, 16 * 16), 16, 16).weight("b" + p, randomFloats(random, 16), 16);
        }
        m.weight("Wo", randomFloats(random, 16 * 8), 16, 8)
                .node("Constant", List.of(), List.of("tokens"), tensor("value", 0, 4, 16))
                .node("Reshape", List.of("input", "tokens"), List.of("x"));
        for (String p : List.of("q", "k", "v")) {
            m.node("MatMul", List.of("x", "W" + p), List.of(p + "m")).node("Add", List.of("b" + p, p + "m"), List.of(p));
        }
        m.node("Constant", List.of(), List.of("lead"), tensor("value", 0, 0))
                .node("Constant", List.of(), List.of("heads"), tensor("value", 2))
                .node("Constant", List.of(), List.of("dim"), tensor("value", 8))
                .node("Concat", List.of("lead", "heads", "dim"), List.of("split"), TestModel.intAttr("axis", 0))
                .node("Shape", List.of("v"), List.of("vShape"));
        for (String p : List.of("q", "k", "v")) {
            m.node("Reshape", List.of(p, "split"), List.of(p + "4"));
        }
        m.node("Transpose", List.of("q4"), List.of("qt"), intsAttr("perm", 0, 2, 1, 3))
                .node("Transpose", List.of("k4"), List.of("kt"), intsAttr("perm", 0, 2, 3, 1))
                .node("Transpose", List.of("v4"), List.of("vt"), intsAttr("perm", 0, 2, 1, 3))
                .node("MatMul", List.of("qt", "kt"), List.of("scores"))
                .node("Softmax", List.of("scores"), List.of("probs"))
                .node("MatMul", List.of("probs", "vt"), List.of("ctx4"))
                .node("Transpose", List.of("ctx4"), List.of("ctxt"), intsAttr("perm", mergePerm))
                .node("Reshape", List.of("ctxt", "merged"), List.of("ctx"))
                .node("MatMul", List.of("ctx", "Wo"), List.of("y"));
        if (valueIsAlsoAnOutput) {
            m.output("v");
        }
        OnnxMl.TensorProto merged = OnnxMl.TensorProto.newBuilder().setName("merged")
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(3).addAllInt64Data(List.of(0L, 0L, 16L))
                .build();
        OnnxMl.ModelProto built = m.build();
        return built.toBuilder().setGraph(built.getGraph().toBuilder().addInitializer(merged)).build();
    }

    private static OnnxMl.AttributeProto tensor(String name, long... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(values.length);
        Arrays.stream(values).forEach(t::addInt64Data);
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                .setT(t).build();
    }

    private Path write(OnnxMl.ModelProto model) throws Exception {
        Path file = dir.resolve("m.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }

    private static List<SmoothGroups.FoldKind> kinds(SmoothQuantizer.Smoothed smoothed) {
        return smoothed.groups().stream().map(SmoothGroups.Group::fold).toList();
    }

    private static double spread(float[] s) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (float v : s) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max / min;
    }

    /** Every output of the smoothed float graph matches the original's to float rounding. */
    private void assertSameFunction(Path original, SmoothQuantizer.Smoothed smoothed) throws Exception {
        Path file = dir.resolve("smoothed.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            smoothed.model().writeTo(out);
        }
        Ort.Input in = Ort.Input.floats("input", pixels, 32, 64);
        List<float[]> expected = Ort.run(original, in);
        List<float[]> actual = Ort.run(file, in);
        for (int o = 0; o < expected.size(); o++) {
            float scale = 0;
            for (float v : expected.get(o)) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected.get(o).length; i++) {
                assertThat(actual.get(o)[i]).as("output %d element %d", o, i)
                        .isCloseTo(expected.get(o)[i], org.assertj.core.data.Offset.offset(1e-5f * scale));
            }
        }
    }
}
