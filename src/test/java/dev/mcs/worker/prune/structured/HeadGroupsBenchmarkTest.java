package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.PooledCosines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Head groups on all-MiniLM-L6-v2 (needs the benchmark material): every layer's 12 heads are found, cutting with all
 * heads kept leaves the embeddings as they were, and cutting two heads per layer shrinks Q, K, V and the output
 * projection by two blocks of 32 and still runs.
 */
@Tag("benchmark")
class HeadGroupsBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void every_layers_heads_are_found_and_keeping_them_all_leaves_the_embeddings_unchanged() throws Exception {
        Path fp32 = BenchMaterial.require(BenchMaterial.MINILM);
        Path eval = BenchMaterial.require(BenchMaterial.EVAL_64);
        ModelProto model = OnnxModelFile.read(fp32).proto();
        Graph graph = new Graph(model.getGraph());

        List<PrunableGroup> heads = new GroupFinder(graph).find(Set.of("heads"));

        assertThat(heads).hasSize(6).allSatisfy(g -> assertThat(g.units()).isEqualTo(12));
        Map<PrunableGroup, int[]> all = new LinkedHashMap<>();
        Map<PrunableGroup, int[]> tenOfTwelve = new LinkedHashMap<>();
        heads.forEach(g -> {
            all.put(g, IntStream.range(0, 12).toArray());
            tenOfTwelve.put(g, IntStream.range(2, 12).toArray());
        });
        assertThat(cosine(fp32, GraphCutter.cut(model, graph, all, null), eval)).isGreaterThan(0.99999);
        ModelProto smaller = GraphCutter.cut(model, graph, tenOfTwelve, null);
        assertThat(smaller.getGraph().getInitializerList()).anySatisfy(t -> assertThat(t.getDimsList())
                .containsExactly(384L, 320L));
        assertThat(cosine(fp32, smaller, eval)).isBetween(0.5, 0.99999);
    }

    private double cosine(Path fp32, ModelProto model, Path eval) throws Exception {
        Path file = Files.write(dir.resolve("m" + System.nanoTime() + ".onnx"), model.toByteArray());
        return Arrays.stream(PooledCosines.of(fp32, file, eval)).average().orElseThrow();
    }
}
