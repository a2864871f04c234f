package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.WandaParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.quantize.Ort;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wanda} with and without {@code refit} on the digits MLP, calibrated on the calibration part of its data and
 * compared with the original on the held-out part (every fifth sample): the same zeros, and the refitted layers'
 * logits nearer the original's.
 */
class WandaRefitModelTest {

    private static final double SPARSITY = 0.7;

    @TempDir
    Path dir;

    @Test
    void refitting_keeps_wandas_zeros_and_brings_the_held_out_logits_nearer_the_original() throws Exception {
        Path plain = prune(false);
        Path refitted = prune(true);

        assertThat(zeros(refitted)).isEqualTo(zeros(plain));
        double plainError = heldOutLogitError(plain);
        double refitError = heldOutLogitError(refitted);
        System.out.printf("wanda %.1f on the digits MLP, held-out logit MSE: zeroed %.4f, refitted %.4f%n", SPARSITY,
                plainError, refitError);
        assertThat(refitError).isLessThan(0.8 * plainError);
    }

    private Path prune(boolean refit) throws Exception {
        Path out = dir.resolve("wanda-" + refit + ".onnx");
        new MaskMethod(MaskMethod.Kind.WANDA).apply(new MethodRun(Fixtures.MLP_ONNX, ModelFormat.ONNX, out,
                new WandaParams("wanda", SPARSITY, null, null, refit, null).withDefaults(),
                DatasetPart.calibrationPart(Fixtures.MLP_HOLDOUT), null, EvaluationSettings.defaults(), share -> { }));
        return out;
    }

    /** Which entries of each initializer are zero. */
    private static Map<String, String> zeros(Path model) throws Exception {
        return OnnxModelFile.read(model).proto().getGraph().getInitializerList().stream()
                .collect(Collectors.toMap(t -> t.getName(), t -> {
                    float[] v = Weights.values(t);
                    StringBuilder bits = new StringBuilder(v.length);
                    for (float f : v) {
                        bits.append(f == 0f ? '0' : '1');
                    }
                    return bits.toString();
                }));
    }

    /** Mean squared difference of the logits from the original's over the held-out samples (index % 5 == 4). */
    private static double heldOutLogitError(Path model) throws Exception {
        float[] inputs;
        try (NpzArchive npz = NpzArchive.open(Fixtures.MLP_HOLDOUT)) {
            inputs = npz.readFloats("input");
        }
        double sum = 0;
        int count = 0;
        for (int s = 4; s * 64 < inputs.length; s += 5) {
            Ort.Input x = Ort.Input.floats("input", Arrays.copyOfRange(inputs, s * 64, (s + 1) * 64), 1, 64);
            float[] original = Ort.run(Fixtures.MLP_ONNX, x).get(0);
            float[] pruned = Ort.run(model, x).get(0);
            for (int k = 0; k < original.length; k++) {
                sum += (original[k] - pruned[k]) * (original[k] - pruned[k]);
                count++;
            }
        }
        return sum / count;
    }
}
