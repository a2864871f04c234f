package dev.mcs.quantize;

/** Vector arithmetic of the {@code auto} evaluation, in double precision like the service's fidelity. */
final class AutoVectors {

    private AutoVectors() {}

    /** Cosine similarity; two zero vectors count as identical, a zero vector against another as unrelated. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return normA == normB ? 1.0 : 0.0;
        }
        return Math.min(1.0, dot / Math.sqrt(normA * normB));
    }

    /**
     * Mean of the token vectors of a [1, tokens, width] output whose mask is non-zero: the sentence embedding
     * that sentence-transformer models are used for.
     */
    static float[] maskedMean(float[] hidden, long[] mask, int width) {
        double[] sum = new double[width];
        long kept = 0;
        for (int token = 0; token < mask.length; token++) {
            if (mask[token] == 0) {
                continue;
            }
            kept++;
            for (int i = 0; i < width; i++) {
                sum[i] += hidden[token * width + i];
            }
        }
        float[] mean = new float[width];
        for (int i = 0; i < width; i++) {
            mean[i] = kept == 0 ? 0f : (float) (sum[i] / kept);
        }
        return mean;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
