package dev.mcs.worker.quantize;

import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.npz.NpzArchive;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Per-sentence cosine between the attention-mask mean-pooled embeddings of a float sentence encoder and a
 * compressed one, sentence by sentence at batch 1, on tokenized sentences (input_ids, attention_mask,
 * token_type_ids) from an NPZ: the fidelity that matters for an embedding model.
 */
public final class PooledCosines {

    private PooledCosines() {}

    public static double[] of(Path floatModel, Path model, Path sentences) throws Exception {
        long[] ids;
        long[] mask;
        long[] types;
        int n;
        try (NpzArchive npz = NpzArchive.open(sentences)) {
            ids = npz.readLongs("input_ids");
            mask = npz.readLongs("attention_mask");
            types = npz.readLongs("token_type_ids");
            n = npz.find("input_ids").orElseThrow().shape().get(0).intValue();
        }
        int len = ids.length / n;
        double[] cosines = new double[n];
        // One session per model: a session per sentence cost minutes on a thousand sentences.
        try (OrtSession reference = Ort.session(floatModel); OrtSession compressed = Ort.session(model)) {
            for (int i = 0; i < n; i++) {
                Ort.Input[] in = {row("input_ids", ids, i, len), row("attention_mask", mask, i, len),
                        row("token_type_ids", types, i, len)};
                long[] m = Arrays.copyOfRange(mask, i * len, (i + 1) * len);
                cosines[i] = Ort.cosine(pool(Ort.run(reference, in).get(0), m),
                        pool(Ort.run(compressed, in).get(0), m));
            }
        }
        return cosines;
    }

    /** 1 - mean cosine: the embedding error the acceptance targets compare. */
    public static double error(Path floatModel, Path model, Path sentences) throws Exception {
        return 1 - Arrays.stream(of(floatModel, model, sentences)).average().orElseThrow();
    }

    private static Ort.Input row(String name, long[] data, int i, int len) {
        return Ort.Input.longs(name, Arrays.copyOfRange(data, i * len, (i + 1) * len), 1, len);
    }

    /** Mean of the hidden states of the real (mask = 1) tokens. */
    private static float[] pool(float[] hidden, long[] mask) {
        int width = hidden.length / mask.length;
        float[] sum = new float[width];
        int count = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int d = 0; d < width; d++) {
                    sum[d] += hidden[t * width + d];
                }
            }
        }
        for (int d = 0; d < width; d++) {
            sum[d] /= Math.max(count, 1);
        }
        return sum;
    }
}
