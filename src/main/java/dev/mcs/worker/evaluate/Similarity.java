package dev.mcs.worker.evaluate;


/**
 * Vector comparisons used for fidelity, in double precision to keep float rounding out of the results.
 * Public so that methods which search on fidelity (the {@code auto} quantizer) score exactly as jobs report.
 */
public final class Similarity {

    private Similarity() {}

    /**
     * Cosine similarity; two zero vectors count as identical (1) and a zero vector against a non-zero one as
     * unrelated (0), since the plain formula would divide by zero.
     */
    public static double cosine(float[] a, float[] b) {
        requireSameLength(a, b);
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
        // Rounding can push identical vectors a hair above 1.
        return Math.min(1.0, dot / Math.sqrt(normA * normB));
    }

    /** Index of the largest value in {@code values[offset, offset + length)}, relative to offset; first wins ties. */
    public static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("outputs differ in size: " + a.length + " vs " + b.length);
        }
    }
}
