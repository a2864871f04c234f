package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.InterleavedLatency;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why {@link ChannelAlignment} rounds kept channel counts: the same 50 % {@code magnitude} selection cut as selected
 * and rounded to multiples of 8 and 16, each timed at batch 1 against the original (interleaved, median ratio).
 * Prints the rows docs/pruning.md reports; asserts only that every variant runs.
 */
@Tag("benchmark")
class ChannelAlignmentBenchmarkTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_mobilenet", "digits_mobilenet_fused", "digits_resnet", "digits_resnet_fused",
            "digits_cnn_wide"})
    void kept_channel_counts_as_selected_against_rounded_to_blocks(String name) throws Exception {
        ModelProto original = OnnxModelFile.read(Fixtures.DIR.resolve(name + ".onnx")).proto();
        StructuredParams params = new StructuredParams("structured", 0.5, List.of("channels"), "magnitude", null)
                .withDefaults();
        StructuredPruner.Scored scored = StructuredPruner.score(original, params, null);
        Map<PrunableGroup, int[]> selected = UnitSelection.select(scored.scores(), params::sparsityOf,
                UnitSelection.FLOOR);
        StringBuilder row = new StringBuilder(name);
        for (int multiple : new int[] {1, 8, 16}) {
            Map<PrunableGroup, int[]> kept = ChannelAlignment.aligned(selected, scored.scores(), multiple);
            ModelProto cut = GraphCutter.cut(scored.model(), scored.graph(), kept, null);
            double ratio = ratio(cut, original);
            row.append(String.format("; multiple %d: kept %s, latency ratio %.3f", multiple,
                    kept.values().stream().map(k -> k.length).toList(), ratio));
            assertThat(ratio).isPositive();
        }
        System.out.printf("%s; load average %.2f%n", row, ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static double ratio(ModelProto model, ModelProto baseline) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        float[] input = new float[64];
        for (int i = 0; i < input.length; i++) {
            input[i] = (i % 7) / 7f;
        }
        try (OrtSession m = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
                OrtSession b = env.createSession(baseline.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 1, 8, 8})) {
            return InterleavedLatency.medianRatio(m, b, Map.of("input", x), 300, 3000);
        }
    }
}
