package dev.mcs.worker.quantize.core;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.intsAttr;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsetPolicyTest {

    @TempDir
    Path dir;

    @Test
    void anOldOpsetWithOnlyStableOpsIsRaisedToThirteen() throws Exception {
        assertThat(OpsetPolicy.target(matMulModel(11).build(), "static_int8")).isEqualTo(13);
        assertThat(OpsetPolicy.target(matMulModel(10).build(), "static_int8")).isEqualTo(13);
        assertThat(OpsetPolicy.target(matMulModel(17).build(), "static_int8")).isEqualTo(17);
    }

    @Test
    void anOpsetElevenModelWithUnsqueezeKeepsItsOpsetAndStillRunsAfterQuantization() throws Exception {
        Path model = matMulModel(11).output("u")
                .node("Unsqueeze", List.of("y"), List.of("u"), intsAttr("axes", 0)).write(dir.resolve("m.onnx"));

        new OnnxDynamicQuantizer().quantize(model, dir.resolve("q.onnx"), dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer.Options.of(new DynamicInt8Params("dynamic_int8", null, null, null, null, null)));

        OnnxMl.ModelProto quantized = TestModel.read(dir.resolve("q.onnx"));
        assertThat(quantized.getOpsetImport(0).getVersion()).isEqualTo(11);
        assertThat(Ort.run(dir.resolve("q.onnx"), Ort.Input.floats("x", new float[16], 1, 16))).hasSize(2);
    }

    @Test
    void anOpsetTenModelWithOpsThatChangedInElevenIsRefused() {
        OnnxMl.ModelProto model = matMulModel(10).node("Clip", List.of("y"), List.of("c")).build();

        assertThatThrownBy(() -> OpsetPolicy.target(model, "static_int8")).isInstanceOf(QuantizationException.class)
                .hasMessageContaining("[Clip]").hasMessageContaining("re-export");
    }

    @Test
    void anOpsetBelowTenIsRefused() {
        assertThatThrownBy(() -> OpsetPolicy.target(matMulModel(9).build(), "static_int8"))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("opset 9")
                .hasMessageContaining("static_int8 needs").hasMessageNotContaining("dynamic_int8");
    }

    private static TestModel matMulModel(long opset) {
        return new TestModel().opset(opset).input("x", FLOAT, "batch", 16).output("y")
                .weight("W", randomFloats(new Random(3), 16 * 4), 16, 4)
                .node("MatMul", List.of("x", "W"), List.of("y"));
    }
}
