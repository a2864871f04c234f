package dev.mcs.worker.distill.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.OnnxModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer finder and the cut on the tiny committed encoder (fixtures/generate_tiny_encoder.py: 4 post-LayerNorm
 * layers, fused LayerNormalization); the same on all-MiniLM-L6-v2 (decomposed LayerNorm) is in
 * {@link MiniLmLayersBenchmarkTest}. Outputs are compared in ONNX Runtime by {@link EncoderRuns}.
 */
class EncoderLayersTest {

    static final Path TINY = Path.of("src/test/resources/fixtures/tiny_encoder.onnx");
    static final Path TINY_HOLDOUT = Path.of("src/test/resources/fixtures/tiny_encoder_holdout.npz");

    @Test
    void theTinyEncodersFourLayersAreFoundFromTheGraphStructure() throws Exception {
        OnnxMl.GraphProto graph = OnnxModelFile.read(TINY).proto().getGraph();

        EncoderLayers encoder = EncoderLayers.find(graph);

        assertThat(encoder.count()).isEqualTo(4);
        assertThat(encoder.layers().get(3).output()).isEqualTo("last_hidden_state");
        for (int i = 1; i < 4; i++) {
            assertThat(encoder.layers().get(i).input()).isEqualTo(encoder.layers().get(i - 1).output());
        }
    }

    @Test
    void theFinderDoesNotDependOnNodeOrTensorNames() throws Exception {
        OnnxMl.ModelProto renamed = EncoderRuns.renamed(OnnxModelFile.read(TINY).proto());

        assertThat(EncoderLayers.find(renamed.getGraph()).count()).isEqualTo(4);
    }

    @Test
    void keepingEveryLayerReproducesTheTeacherAndKeepingTheFirstTwoGivesItsSecondLayerOutput() throws Exception {
        OnnxMl.ModelProto teacher = OnnxModelFile.read(TINY).proto();
        EncoderLayers encoder = EncoderLayers.find(teacher.getGraph());

        float[] full = EncoderRuns.output(teacher, TINY_HOLDOUT, "last_hidden_state");
        float[] same = EncoderRuns.output(LayerCut.keep(teacher, encoder, List.of(0, 1, 2, 3)), TINY_HOLDOUT,
                "last_hidden_state");
        float[] secondLayer = EncoderRuns.output(EncoderRuns.withOutput(teacher, encoder.layers().get(1).output()),
                TINY_HOLDOUT, encoder.layers().get(1).output());
        float[] firstTwo = EncoderRuns.output(LayerCut.keep(teacher, encoder, List.of(0, 1)), TINY_HOLDOUT,
                "last_hidden_state");

        assertThat(same).containsExactly(full);
        assertThat(EncoderRuns.maxAbsDifference(firstTwo, secondLayer)).isLessThan(1e-5);
        assertThat(EncoderRuns.maxAbsDifference(firstTwo, full)).as("layers 2 and 3 change the output").isGreaterThan(0.1);
    }

    @Test
    void aCutStudentHoldsOnlyItsLayersWeightsAndRunsWithTheTeachersInputsAndOutput() throws Exception {
        OnnxMl.ModelProto teacher = OnnxModelFile.read(TINY).proto();
        EncoderLayers encoder = EncoderLayers.find(teacher.getGraph());

        OnnxMl.ModelProto student = LayerCut.keep(teacher, encoder, List.of(1, 3));

        assertThat(EncoderRuns.weightCount(student)).isLessThan(EncoderRuns.weightCount(teacher));
        assertThat(student.getGraph().getInputList()).isEqualTo(teacher.getGraph().getInputList());
        assertThat(student.getGraph().getOutputList()).isEqualTo(teacher.getGraph().getOutputList());
        assertThat(EncoderLayers.find(student.getGraph()).count()).isEqualTo(2);
        assertThat(EncoderRuns.output(student, TINY_HOLDOUT, "last_hidden_state")).isNotEmpty();
    }

    @Test
    void keepListsThatDoNotFitTheEncoderAreRefusedNamingTheProblem() throws Exception {
        OnnxMl.ModelProto teacher = OnnxModelFile.read(TINY).proto();
        EncoderLayers encoder = EncoderLayers.find(teacher.getGraph());

        assertThatThrownBy(() -> LayerCut.keep(teacher, encoder, List.of(0, 4))).hasMessageContaining("layer 4")
                .hasMessageContaining("4 layers (0 to 3)");
        assertThatThrownBy(() -> LayerCut.keep(teacher, encoder, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> LayerCut.keep(teacher, encoder, List.of(2, 2))).hasMessageContaining("ascending");
    }

    @Test
    void aGraphWithoutAnEncoderIsRefused() throws Exception {
        OnnxMl.GraphProto cnn = OnnxModelFile.read(Path.of("src/test/resources/fixtures/digits_cnn.onnx")).proto()
                .getGraph();

        assertThatThrownBy(() -> EncoderLayers.find(cnn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no transformer encoder layers");
    }
}
