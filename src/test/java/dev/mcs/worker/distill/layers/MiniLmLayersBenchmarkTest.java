package dev.mcs.worker.distill.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.quantize.BenchMaterial;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layer finder and the cut on real BERT-family exports (decomposed LayerNorm): all-MiniLM-L6-v2 (6 layers) and
 * bge-small-en-v1.5 (12), with their tokenized evaluation sentences from {@code MCS_BENCH_MODELS}.
 */
@Tag("benchmark")
class MiniLmLayersBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2.onnx, eval-64.npz, 6", "bge-small-en-v1.5.onnx, bge-eval-64.npz, 12"})
    void theEncodersLayersAreFoundAndACutOfTheFirstOnesGivesTheTeachersIntermediateOutput(String file,
            String sentences, int layers) throws Exception {
        OnnxMl.ModelProto teacher = OnnxModelFile.read(BenchMaterial.require(file)).proto();
        Path npz = BenchMaterial.require(sentences);

        EncoderLayers encoder = EncoderLayers.find(teacher.getGraph());
        assertThat(encoder.count()).isEqualTo(layers);
        assertThat(EncoderLayers.find(EncoderRuns.renamed(teacher).getGraph()).count()).isEqualTo(layers);

        String output = teacher.getGraph().getOutput(0).getName();
        float[] full = EncoderRuns.output(teacher, npz, output);
        List<Integer> all = IntStream.range(0, layers).boxed().toList();
        assertThat(EncoderRuns.maxAbsDifference(EncoderRuns.output(LayerCut.keep(teacher, encoder, all), npz, output),
                full)).isLessThan(1e-4);
        String third = encoder.layers().get(2).output();
        float[] thirdLayer = EncoderRuns.output(EncoderRuns.withOutput(teacher, third), npz, third);
        OnnxMl.ModelProto firstThree = LayerCut.keep(teacher, encoder, List.of(0, 1, 2));
        assertThat(EncoderRuns.maxAbsDifference(EncoderRuns.output(firstThree, npz, output), thirdLayer))
                .isLessThan(1e-4);
        assertThat(EncoderRuns.weightCount(firstThree)).isLessThan(EncoderRuns.weightCount(teacher));
    }
}
