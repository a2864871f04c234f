package dev.mcs.worker.evaluate;

import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.util.Optional;

/**
 * Sentence embeddings as transformer encoders are used: the hidden states [1, seq, hidden] averaged
 * over the positions the attention mask marks as real tokens. Comparing these, rather than the raw
 * tensor, keeps padding positions (whose values nobody uses) out of the fidelity number.
 */
public final class PooledEmbedding {

    static final String MASK_INPUT = "attention_mask";

    private PooledEmbedding() {}

    /** The mask of a sample, when the model takes one and the output looks like hidden states. */
    static Optional<long[]> mask(Sample sample, long[] outputShape) {
        HostTensor mask = sample.inputs().get(MASK_INPUT);
        if (mask == null || outputShape.length != 3 || outputShape[0] != 1) {
            return Optional.empty();
        }
        return mask.longValues().filter(values -> values.length == outputShape[1]);
    }

    /** Mean over masked positions of a [1, seq, hidden] tensor, flattened; summed in double precision. */
    public static float[] pool(float[] hidden, long[] mask) {
        int seq = mask.length;
        int width = hidden.length / seq;
        double[] sum = new double[width];
        int tokens = 0;
        for (int position = 0; position < seq; position++) {
            if (mask[position] == 0) {
                continue;
            }
            tokens++;
            for (int j = 0; j < width; j++) {
                sum[j] += hidden[position * width + j];
            }
        }
        float[] pooled = new float[width];
        for (int j = 0; j < width && tokens > 0; j++) {
            pooled[j] = (float) (sum[j] / tokens);
        }
        return pooled;
    }
}
