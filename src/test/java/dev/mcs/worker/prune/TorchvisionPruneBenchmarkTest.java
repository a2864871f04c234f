package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.technique.MethodRun;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code structured} on two real architectures the fixtures only imitate: torchvision's ResNet-18 and MobileNetV2
 * (bench/prepare-torchvision.sh; random weights, so no accuracy is measured). Half the channels with the defaults
 * ({@code magnitude} without a dataset, {@code residualStreams: auto}): at least 2 x fewer parameters, a graph that
 * runs, and faster at batch 1 (interleaved); with {@code keep} for comparison, printed.
 */
@Tag("benchmark")
class TorchvisionPruneBenchmarkTest {

    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tv-resnet18.onnx", "tv-mobilenet-v2.onnx"})
    void half_the_channels_with_the_defaults_give_twice_fewer_parameters_and_a_faster_graph_that_runs(String name)
            throws Exception {
        Path original = BenchMaterial.require(name);
        PruneReport auto = prune(original, null);
        PruneReport keep = prune(original, StructuredParams.KEEP);
        Path pruned = dir.resolve("auto.onnx");
        double fewer = auto.before().parameters() / (double) auto.after().parameters();
        double latency = latencyRatio(pruned, original);
        System.out.printf("%s structured 50%% channels (defaults): parameters %d -> %d (%.2f x; keep: %.2f x), groups"
                + " %d of which joined streams %d, skipped %d, latency ratio %.3f%n", name, auto.before().parameters(),
                auto.after().parameters(), fewer, keep.before().parameters() / (double) keep.after().parameters(),
                auto.groups().size(), auto.groups().stream().filter(g -> g.joined() > 0).count(),
                auto.skipped().size(), latency);

        assertThat(fewer).as("parameters before / after").isGreaterThanOrEqualTo(2.0);
        assertThat(Ort.run(pruned, Ort.Input.floats("input", input(), 1, 3, 64, 64)).get(0)).hasSize(CLASSES);
        assertThat(latency).as("pruned/original latency at batch 1").isLessThan(1.0);
    }

    private PruneReport prune(Path original, String streams) throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), null, null)
                .withResidualStreams(streams).withDefaults();
        Path out = dir.resolve(streams == null ? "auto.onnx" : streams + ".onnx");
        return (PruneReport) new StructuredMethod().apply(new MethodRun(original, ModelFormat.ONNX, out, params, null,
                null, EvaluationSettings.defaults(), share -> { }));
    }

    private static double latencyRatio(Path model, Path baseline) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession m = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OrtSession b = env.createSession(baseline.toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input()), new long[] {1, 3, 64, 64})) {
            return InterleavedLatency.medianRatio(m, b, Map.of("input", in), 20, 300);
        }
    }

    private static float[] input() {
        Random random = new Random(1);
        float[] x = new float[3 * 64 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
