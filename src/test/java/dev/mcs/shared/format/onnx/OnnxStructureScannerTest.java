package dev.mcs.shared.format.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OnnxStructureScannerTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @Test
    void aSmallBuiltModelScansWithItsHeaderFields() throws IOException {
        OnnxMl.ModelProto model = smallModel().toBuilder()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .build();

        OnnxScan scan = scan(model.toByteArray());

        assertThat(scan.irVersion()).isEqualTo(8);
        assertThat(scan.producerName()).isEqualTo("scanner-test");
        assertThat(scan.opsetImports()).containsExactly(
                java.util.Map.entry("", 13L), java.util.Map.entry("com.microsoft", 1L));
        assertThat(scan.externalData()).isFalse();
        assertThat(scan.externalDataTensors()).isEmpty();
    }

    @Test
    void everyCommittedFixtureScansAsAnInlineModel() throws IOException {
        List<Path> models = fixtureModels();
        assumeTrue(!models.isEmpty(), "no fixtures committed yet");
        for (Path model : models) {
            try (InputStream in = Files.newInputStream(model)) {
                OnnxScan scan = OnnxStructureScanner.scan(in);
                assertThat(scan.irVersion()).as(model.toString()).isPositive();
                assertThat(scan.opsetImports()).as(model.toString()).containsKey("");
                assertThat(scan.externalData()).as(model.toString()).isFalse();
            }
        }
    }

    /** With a single opset import last, no strict prefix is a complete model. */
    @Test
    void everyCutOfASmallModelIsRejected() {
        byte[] bytes = smallModel().toByteArray();
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] prefix = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> scan(prefix)).as("cut at %d of %d", cut, bytes.length)
                    .isInstanceOf(OnnxFormatException.class);
        }
    }

    @Test
    void everyCutOfAFixtureReadFromAFileIsRejected() throws IOException {
        List<Path> models = fixtureModels();
        assumeTrue(!models.isEmpty(), "no fixtures committed yet");
        byte[] bytes = Files.readAllBytes(models.get(0));
        Path copy = Files.createTempFile("cut", ".onnx");
        try {
            for (int cut = 0; cut < bytes.length; cut += 97) {
                Files.write(copy, Arrays.copyOf(bytes, cut));
                // A FileInputStream can skip past its end, which must not hide the truncation.
                try (InputStream in = Files.newInputStream(copy)) {
                    assertThatThrownBy(() -> OnnxStructureScanner.scan(in)).as("cut at %d", cut)
                            .isInstanceOf(OnnxFormatException.class);
                }
            }
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void aTruncatedGraphSaysHowManyBytesWereDeclaredAndHowManyRemain() {
        byte[] bytes = smallModel().toByteArray();
        byte[] prefix = Arrays.copyOf(bytes, bytes.length - 40);

        assertThatThrownBy(() -> scan(prefix)).isInstanceOf(OnnxFormatException.class)
                .hasMessageMatching("truncated ONNX model: field 7 \\(graph\\) declares \\d+ bytes but \\d+ remain");
    }

    @Test
    void aModelWithoutAGraphIsRejected() {
        byte[] bytes = smallModel().toBuilder().clearGraph().build().toByteArray();

        assertThatThrownBy(() -> scan(bytes)).hasMessageContaining("graph (field 7) is missing");
    }

    @Test
    void anEmptyStreamIsRejected() {
        assertThatThrownBy(() -> scan(new byte[0])).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void randomBytesAreRejected() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(4096)];
            random.nextBytes(noise);
            assertThatThrownBy(() -> scan(noise)).as("noise #%d", i).isInstanceOf(OnnxFormatException.class);
        }
    }

    @Test
    void aFieldWithAWireTypeOnnxNeverUsesIsRejected() {
        byte[] bytes = smallModel().toByteArray();
        byte[] withGroup = Arrays.copyOf(bytes, bytes.length + 2);
        withGroup[bytes.length] = (byte) ((30 << 3) | 3); // start-group, field 30
        withGroup[bytes.length + 1] = 0;

        assertThatThrownBy(() -> scan(withGroup)).hasMessageContaining("wire type 3");
    }

    @Test
    void theScannerLeavesTheStreamOpen() throws IOException {
        var in = new ByteArrayInputStream(smallModel().toByteArray()) {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        OnnxStructureScanner.scan(in);

        assertThat(in.closed).isFalse();
    }

    @Test
    void theSniffAcceptsModelStartsAndRejectsOtherFiles() throws IOException {
        assertThat(OnnxStructureScanner.looksLikeOnnx(smallModel().toByteArray())).isTrue();
        assertThat(OnnxStructureScanner.looksLikeOnnx(new byte[] {0x3a, 0x05, 0x0a})).isTrue();
        assertThat(OnnxStructureScanner.looksLikeOnnx(new byte[] {0x08, 0x00})).isFalse();
        assertThat(OnnxStructureScanner.looksLikeOnnx(new byte[] {0x08, 21})).isFalse();
        assertThat(OnnxStructureScanner.looksLikeOnnx("PK\u0003\u0004".getBytes())).isFalse();
        assertThat(OnnxStructureScanner.looksLikeOnnx(new byte[0])).isFalse();
        for (Path model : fixtureModels()) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(model), 16);
            assertThat(OnnxStructureScanner.looksLikeOnnx(head)).as(model.toString()).isTrue();
        }
    }

    private static OnnxScan scan(byte[] bytes) throws OnnxFormatException {
        return OnnxStructureScanner.scan(new ByteArrayInputStream(bytes));
    }

    private static List<Path> fixtureModels() throws IOException {
        if (!Files.isDirectory(FIXTURES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }

    /** y = x · W with W inline as raw_data; opset imports last, as exporters write them. */
    static OnnxMl.ModelProto smallModel() {
        byte[] weights = new byte[4 * 6 * 4];
        new Random(1).nextBytes(weights);
        OnnxMl.TensorProto w = OnnxMl.TensorProto.newBuilder().setName("W").addDims(4).addDims(6)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(weights)).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("g")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("W").addOutput("y"))
                .addInitializer(w)
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x"))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y")).build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("scanner-test").setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .build();
    }
}
