package dev.mcs.worker.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import dev.mcs.worker.quantize.dynamic.QuantizationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsFixtureQuantizationTest {

    private static final Path MLP = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
    private static final int SAMPLES = 200;
    private static final int FEATURES = 64;
    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    @Test
    void theQuantizedDigitsMlpPicksTheSameClassOnAtLeast95PercentOfRandomInputs() throws Exception {
        assumeTrue(Files.exists(MLP), "digits_mlp.onnx fixture not committed");
        Path quantized = dir.resolve("q.onnx");

        QuantizationSummary summary = new OnnxDynamicQuantizer().quantize(MLP, quantized, dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer.Options.of(new DynamicInt8Params("dynamic_int8", null, null, null, null, null)));

        assertThat(summary.quantizedGemms()).isEqualTo(3);
        float[] pixels = new float[SAMPLES * FEATURES];
        Random random = new Random(11);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(17); // sklearn digits are 0..16 intensities
        }
        Ort.Input input = Ort.Input.floats("input", pixels, SAMPLES, FEATURES);
        float[] expected = Ort.run(MLP, input).get(0);
        float[] actual = Ort.run(quantized, input).get(0);
        int agree = 0;
        for (int s = 0; s < SAMPLES; s++) {
            agree += argmax(expected, s) == argmax(actual, s) ? 1 : 0;
        }
        assertThat(agree / (double) SAMPLES).isGreaterThanOrEqualTo(0.95);
    }

    private static int argmax(float[] logits, int sample) {
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
            best = logits[sample * CLASSES + c] > logits[sample * CLASSES + best] ? c : best;
        }
        return best;
    }
}
