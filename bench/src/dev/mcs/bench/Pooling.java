package dev.mcs.bench;


/** Views of a {@code [L, H]} hidden-state block restricted to the tokens whose attention mask is 1. */
final class Pooling {

    private Pooling() {}

    /** Mean of the token vectors whose attention mask is 1 (the sentence embedding). */
    static double[] mean(float[] hiddenStates, long[] mask, int hidden) {
        double[] sum = new double[hidden];
        int count = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int h = 0; h < hidden; h++) {
                    sum[h] += hiddenStates[t * hidden + h];
                }
            }
        }
        for (int h = 0; h < hidden; h++) {
            sum[h] /= Math.max(1, count);
        }
        return sum;
    }

    /** The hidden states of real tokens only, flattened. */
    static double[] realTokens(float[] hiddenStates, long[] mask, int hidden) {
        int count = 0;
        for (long v : mask) {
            count += v != 0 ? 1 : 0;
        }
        double[] out = new double[count * hidden];
        int at = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] != 0) {
                for (int h = 0; h < hidden; h++) {
                    out[at++] = hiddenStates[t * hidden + h];
                }
            }
        }
        return out;
    }
}
