package dev.mcs.worker.quantize.fp16;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.technique.quantize.Fp16Params;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.quantize.QuantizeRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fp16MethodTest {

    @TempDir
    Path dir;

    private double roundTrip(String fixture, long... shape) throws Exception {
        Path in = Path.of("src/test/resources/fixtures/" + fixture);
        Path out = dir.resolve("fp16.onnx");
        Fp16Summary s = (Fp16Summary) QuantizeRuns.apply(new Fp16Params("fp16", null), in, out, null, null);
        assertThat(s.initializersConverted()).isPositive();
        assertThat(Files.size(out)).isLessThan(Files.size(in) * 55 / 100);
        Random random = new Random(5);
        float[] x = new float[(int) (shape[0] * 64)];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(17);
        }
        Ort.Input input = Ort.Input.floats("input", x, shape);
        return Ort.cosine(Ort.run(in, input).get(0), Ort.run(out, input).get(0));
    }

    @Test
    void theMlpStoredInHalfPrecisionGivesTheSameLogits() throws Exception {
        assertThat(roundTrip("digits_mlp.onnx", 4, 64)).isGreaterThan(0.99999);
    }

    @Test
    void theCnnStoredInHalfPrecisionGivesTheSameLogits() throws Exception {
        assertThat(roundTrip("digits_cnn.onnx", 4, 1, 8, 8)).isGreaterThan(0.99999);
    }
}
