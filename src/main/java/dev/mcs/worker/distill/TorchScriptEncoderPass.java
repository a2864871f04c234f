package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.train.onnx.HostArrays;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A TorchScript encoder run for inference in libtorch (loaded as a user loads it) on token samples: its first output's
 * rank, and its mask-pooled rows (an output pooled inside the module as it is), in batches of similar length.
 */
final class TorchScriptEncoderPass {

    private TorchScriptEncoderPass() {}

    /** The rank of the module's first output on the first samples (at most two). */
    static int outputRank(Path module, List<Sample> samples) throws IOException {
        try (TorchScriptStudent encoder = TorchScriptStudent.load(module, false);
                NDManager scope = encoder.newScope()) {
            return forward(encoder, scope, samples.subList(0, Math.min(2, samples.size()))).getShape().dimension();
        }
    }

    /** One pooled row per sample, in the samples' order. */
    static float[][] pooled(Path module, List<Sample> samples) throws IOException {
        List<Integer> order = IntStream.range(0, samples.size()).boxed()
                .sorted(Comparator.comparingInt(i -> TokenBatches.length(samples.get(i)))).toList();
        float[][] rows = new float[samples.size()][];
        try (TorchScriptStudent encoder = TorchScriptStudent.load(module, false)) {
            for (int from = 0; from < order.size(); from += EncoderTargets.BATCH) {
                List<Integer> indices = order.subList(from, Math.min(order.size(), from + EncoderTargets.BATCH));
                try (NDManager scope = encoder.newScope()) {
                    List<Sample> batch = indices.stream().map(samples::get).toList();
                    Map<String, NDArray> feed = HostArrays.of(scope, TokenBatches.stack(batch));
                    NDArray out = forward(encoder, scope, feed);
                    float[] flat = PooledEmbeddingLoss.pool(out, feed.get(TokenBatches.MASK)).toFloatArray();
                    int width = flat.length / indices.size();
                    for (int b = 0; b < indices.size(); b++) {
                        rows[indices.get(b)] = java.util.Arrays.copyOfRange(flat, b * width, (b + 1) * width);
                    }
                }
            }
        }
        return rows;
    }

    /** Mean over the rows of the cosine between {@code a}'s row and {@code b}'s. */
    static double meanCosine(float[][] a, float[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += EncoderOrt.cosine(a[i], b[i]);
        }
        return sum / Math.max(1, a.length);
    }

    private static NDArray forward(TorchScriptStudent encoder, NDManager scope, List<Sample> samples) {
        return forward(encoder, scope, HostArrays.of(scope, TokenBatches.stack(samples)));
    }

    private static NDArray forward(TorchScriptStudent encoder, NDManager scope, Map<String, NDArray> feed) {
        return new TorchScriptEncoderStudent(encoder)
                .forward(scope, feed, List.of(TorchScriptTeacher.OUTPUT), false).get(TorchScriptTeacher.OUTPUT);
    }
}
