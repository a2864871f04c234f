package dev.mcs.worker.distill;

import ai.onnxruntime.OnnxJavaType;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token inputs of an encoder ({@code [1, sequence]} per sample, padded to the dataset's length) joined into batches
 * trimmed to the longest attention mask among them: padding beyond it costs compute and changes nothing.
 */
final class TokenBatches {

    /** The input the tokenizers of the BERT family name so; pooling and trimming read it. */
    static final String MASK = "attention_mask";

    private TokenBatches() {}

    static void requireMask(Sample sample) {
        HostTensor mask = sample.inputs().get(MASK);
        if (mask == null || mask.shape().length != 2 || mask.longValues().isEmpty()) {
            throw new IllegalArgumentException("encoder training (layers students, recovery of embedding models) pools"
                    + " the output over the '" + MASK + "' input, and the model has none of integer type [batch,"
                    + " sequence] (inputs " + sample.inputs().keySet() + ")");
        }
    }

    /** Positions up to and including the sample's last masked-in token. */
    static int length(Sample sample) {
        long[] mask = sample.inputs().get(MASK).longValues().orElseThrow();
        for (int i = mask.length - 1; i >= 0; i--) {
            if (mask[i] != 0) {
                return i + 1;
            }
        }
        return 1;
    }

    /** The samples as one batch, every {@code [1, sequence]} integer input cut to the longest of their lengths. */
    static Sample stack(List<Sample> samples) {
        int longest = samples.stream().mapToInt(TokenBatches::length).max().orElse(1);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : samples.get(0).inputs().keySet()) {
            out.put(name, trimmed(samples, name, longest));
        }
        return new Sample(out);
    }

    /** The attention mask of a batch made by {@link #stack}, row-major {@code [batch, sequence]}. */
    static long[] mask(Sample batch) {
        return batch.inputs().get(MASK).longValues().orElseThrow();
    }

    private static HostTensor trimmed(List<Sample> samples, String name, int length) {
        HostTensor first = samples.get(0).inputs().get(name);
        if (first.shape().length != 2 || first.longValues().isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "' is not a [batch, sequence] integer array");
        }
        long[] values = new long[samples.size() * length];
        for (int s = 0; s < samples.size(); s++) {
            long[] row = samples.get(s).inputs().get(name).longValues().orElseThrow();
            System.arraycopy(row, 0, values, s * length, Math.min(length, row.length));
        }
        long[] shape = {samples.size(), length};
        if (first.type() == OnnxJavaType.INT32) {
            int[] ints = new int[values.length];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = (int) values[i];
            }
            return new HostTensor(first.type(), shape, IntBuffer.wrap(ints));
        }
        return new HostTensor(OnnxJavaType.INT64, shape, LongBuffer.wrap(values));
    }
}
