package dev.mcs.worker.quantize.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.worker.evaluate.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quantization reads through the engine's ONNX reader, so it refuses what inspection refuses. */
class FloatModelTest {

    @TempDir
    Path dir;

    @Test
    void aFixtureIsParsed() throws Exception {
        assertThat(FloatModel.read(TestModels.fixture("digits_mlp.onnx")).getGraph().getNodeCount()).isPositive();
    }

    @Test
    void externalDataIsRefusedBeforeAnyEngineFollowsIt() {
        Path external = TestModels.withExternalWeights(dir.resolve("external.onnx"), "../../etc/passwd");

        assertThatThrownBy(() -> FloatModel.read(external))
                .isInstanceOf(QuantizationException.class)
                .hasMessageStartingWith("ONNX external data is not supported");
    }

    @Test
    void aProtobufFailureKeepsQuantizationsWording() throws IOException {
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, 0x07});

        assertThatThrownBy(() -> FloatModel.read(junk))
                .isInstanceOf(QuantizationException.class)
                .hasMessageStartingWith("the file is not a valid ONNX model: ");
    }

    @Test
    void aMissingFileIsAnIoFailureNotAnInvalidModel() {
        assertThatThrownBy(() -> FloatModel.read(dir.resolve("absent.onnx"))).isInstanceOf(NoSuchFileException.class);
    }
}
