package dev.mcs.worker.quantize.smoothquant;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.TestModel;
import dev.mcs.worker.quantize.dynamic.QuantizationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** smoothquant as another method's base, on a LayerNorm-like block fed with the digits holdout. */
class SmoothedBaseTest {

    private static final Path DATA = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");

    private final Random random = new Random(11);

    @TempDir
    Path dir;

    @Test
    void dynamicInt8OverTheKeptFloatModelRebuildsExactlyTheSmoothquantResult() throws Exception {
        Path model = block();
        Path quantized = dir.resolve("base.onnx");
        Path smoothed = dir.resolve("smoothed.onnx");

        SmoothedBase.Result result = SmoothedBase.build(model, quantized, smoothed, DatasetPart.whole(DATA), List.of(),
                EvaluationSettings.defaults());
        Path rebuilt = dir.resolve("rebuilt.onnx");
        QuantizeRuns.apply(new DynamicInt8Params("dynamic_int8", null, null, null, null, null), smoothed, rebuilt,
                null, EvaluationSettings.defaults());

        assertThat(Files.mismatch(quantized, rebuilt)).isEqualTo(-1L);
        assertThat(result.candidates()).extracting(SmoothedBase.Scored::alpha).startsWith("none").hasSizeGreaterThan(4);
        assertThat(result.samples()).isEqualTo(SmoothedBase.RANKING_SAMPLES);
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void excludedNodesStayFloatInTheSearchesResult() throws Exception {
        Path quantized = dir.resolve("base.onnx");

        SmoothedBase.Result result = SmoothedBase.build(block(), quantized, dir.resolve("smoothed.onnx"),
                DatasetPart.whole(DATA), List.of("MatMul_2"), EvaluationSettings.defaults());

        assertThat(((QuantizationSummary) result.quantization()).quantizedNodes()).containsExactly("MatMul_3");
    }

    /** x → Mul(gamma) → Add(beta) → h; h feeds MatMul_2 (output q) and MatMul_3 (output k). */
    private Path block() throws Exception {
        float[] gamma = randomFloats(random, 64);
        for (int i = 0; i < gamma.length; i++) {
            gamma[i] = Math.abs(gamma[i]) + (i % 16 == 0 ? 20 : 0.1f); // a few outlier channels
        }
        return new TestModel().input("input", FLOAT, "batch", 64).output("q").output("k")
                .weight("gamma", gamma, 64).weight("beta", randomFloats(random, 64), 64)
                .weight("Wq", randomFloats(random, 64 * 16), 64, 16).weight("Wk", randomFloats(random, 64 * 16), 64, 16)
                .node("Mul", List.of("input", "gamma"), List.of("g"))
                .node("Add", List.of("g", "beta"), List.of("h"))
                .node("MatMul", List.of("h", "Wq"), List.of("q"))
                .node("MatMul", List.of("h", "Wk"), List.of("k"))
                .write(dir.resolve("m.onnx"));
    }
}
