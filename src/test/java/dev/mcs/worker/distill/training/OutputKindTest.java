package dev.mcs.worker.distill.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PooledEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputKindTest {

    @TempDir
    Path dir;

    private static OnnxMl.GraphProto graph(Path file) throws Exception {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
    }

    @Test
    void theDigitsClassifiersAndATokenClassifierHeadKeepTheirClassScores() throws Exception {
        for (Path model : new Path[] {Fixtures.MLP_ONNX, Fixtures.CNN_ONNX, Fixtures.CNN_WIDE_ONNX,
                Fixtures.DIR.resolve("token_classifier_head.onnx")}) {
            OutputKind kind = OutputKind.of(graph(model), "auto");
            assertThat(kind.kind()).as(model.toString()).isEqualTo(OutputKind.Kind.CLASSES);
            assertThat(kind.reason()).contains("class scores");
        }
    }

    @Test
    void anEncoderThatPoolsInsideTheGraphGivesAnEmbeddingWithOrWithoutNormalization() throws Exception {
        OutputKind mean = OutputKind.of(graph(PooledEncoders.write(dir.resolve("mean.onnx"), false)), null);
        OutputKind normalized = OutputKind.of(graph(PooledEncoders.write(dir.resolve("l2.onnx"), true)), "auto");

        assertThat(mean.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
        assertThat(mean.reason()).contains("ReduceSum (then Div)");
        assertThat(normalized.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
        assertThat(normalized.reason()).contains("ReduceSum (then Div, Div)");
        assertThat(normalized.name()).isEqualTo("embedding");
    }

    @Test
    void torchsExportsOfSentenceTransformersPoolingReadAsEmbeddings() throws Exception {
        OutputKind mean = OutputKind.of(graph(Fixtures.DIR.resolve("pooling_mean_l2.onnx")), "auto");
        OutputKind cls = OutputKind.of(graph(Fixtures.DIR.resolve("pooling_cls.onnx")), "auto");

        assertThat(mean.reason()).contains("ReduceSum (then Div, Div)");
        assertThat(mean.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
        assertThat(cls.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
    }

    @Test
    void tokenStatesArePooledOverTheMaskAsBefore() throws Exception {
        assertThat(OutputKind.of(graph(Fixtures.TINY_ENCODER), "auto").kind()).isEqualTo(OutputKind.Kind.TOKENS);
        assertThat(OutputKind.of(graph(Fixtures.TINY_ENCODER), "embedding").kind())
                .isEqualTo(OutputKind.Kind.TOKENS);
    }

    @Test
    void anExplicitOutputKindOverridesTheGuessOnARankTwoOutput() throws Exception {
        OnnxMl.GraphProto pooled = graph(PooledEncoders.write(dir.resolve("mean.onnx"), true));

        OutputKind classes = OutputKind.of(pooled, "classes");
        OutputKind embedding = OutputKind.of(graph(Fixtures.MLP_ONNX), "embedding");

        assertThat(classes.kind()).isEqualTo(OutputKind.Kind.CLASSES);
        assertThat(classes.reason()).isEqualTo("outputKind 'classes' was given");
        assertThat(embedding.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
    }

    @Test
    void classScoresAreRefusedForTokenStates() {
        assertThatThrownBy(() -> OutputKind.of(graph(Fixtures.TINY_ENCODER), "classes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 3");
    }
}
