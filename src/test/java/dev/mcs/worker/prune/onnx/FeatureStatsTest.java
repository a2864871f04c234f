package dev.mcs.worker.prune.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.NpzWriter;
import dev.mcs.worker.engine.OnnxModelFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStatsTest {

    private static final int FIRST = 3;

    @TempDir
    Path dir;

    @Test
    void a_sample_limit_reads_only_the_first_samples_of_the_dataset() throws Exception {
        ModelProto mlp = OnnxModelFile.read(Fixtures.MLP_ONNX).proto();
        List<FeatureStats.Probe> probes = List.of(new FeatureStats.Probe(mlp.getGraph().getNode(0).getOutput(0),
                false));
        Path firstOnly = firstSamples(FIRST);

        FeatureStats.Stats limited = only(FeatureStats.measure(mlp, DatasetPart.whole(Fixtures.MLP_HOLDOUT), probes,
                FIRST));
        FeatureStats.Stats ofTheFirst = only(FeatureStats.measure(mlp, DatasetPart.whole(firstOnly), probes, 256));
        FeatureStats.Stats byDefault = only(FeatureStats.measure(mlp, DatasetPart.whole(Fixtures.MLP_HOLDOUT),
                probes));

        assertThat(limited.mean()).containsExactly(ofTheFirst.mean());
        assertThat(limited.variance()).containsExactly(ofTheFirst.variance());
        assertThat(Arrays.equals(limited.mean(), byDefault.mean())).as("256 samples differ from the first 3").isFalse();
    }

    private static FeatureStats.Stats only(java.util.Map<String, FeatureStats.Stats> stats) {
        assertThat(stats).hasSize(1);
        return stats.values().iterator().next();
    }

    private Path firstSamples(int n) throws Exception {
        float[] input;
        long[] labels;
        try (NpzArchive npz = NpzArchive.open(Fixtures.MLP_HOLDOUT)) {
            input = npz.readFloats("input");
            labels = npz.readLongs("labels");
        }
        int width = input.length / labels.length;
        Path file = dir.resolve("first.npz");
        try (NpzWriter w = new NpzWriter(file)) {
            w.floats("input", Arrays.copyOf(input, n * width), n, width);
            w.longs("labels", Arrays.copyOf(labels, n), n);
        }
        return file;
    }
}
