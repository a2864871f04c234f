package dev.mcs.worker.evaluate;

import java.util.DoubleSummaryStatistics;

/** Accumulates the comparison of both models' outputs sample by sample, so outputs need not be kept. */
final class FidelityTally {

    private final String output;
    private final DoubleSummaryStatistics cosines = new DoubleSummaryStatistics();
    private final DoubleSummaryStatistics pooledCosines = new DoubleSummaryStatistics();
    private final DoubleSummaryStatistics absErrors = new DoubleSummaryStatistics();
    private final DoubleSummaryStatistics agreements = new DoubleSummaryStatistics();
    private final DoubleSummaryStatistics originalHits = new DoubleSummaryStatistics();
    private final DoubleSummaryStatistics compressedHits = new DoubleSummaryStatistics();

    FidelityTally(String output) {
        this.output = output;
    }

    /**
     * @param shape the output's shape; rank 2 with more than one column counts as [batch, classes]
     * @param label the sample's label, or {@code null}; used only when the sample yields one row
     */
    void add(float[] original, float[] compressed, long[] shape, Long label) {
        Similarity.requireSameLength(original, compressed);
        cosines.accept(Similarity.cosine(original, compressed));
        for (int i = 0; i < original.length; i++) {
            absErrors.accept(Math.abs((double) original[i] - compressed[i]));
        }
        if (isClassification(shape)) {
            addClasses(original, compressed, (int) shape[0], (int) shape[1], label);
        }
    }

    /** Adds the cosine of one sample's attention-mask mean-pooled embeddings. */
    void addPooled(float[] original, float[] compressed) {
        pooledCosines.accept(Similarity.cosine(original, compressed));
    }

    private void addClasses(float[] original, float[] compressed, int rows, int classes, Long label) {
        for (int row = 0; row < rows; row++) {
            int a = Similarity.argmax(original, row * classes, classes);
            int b = Similarity.argmax(compressed, row * classes, classes);
            agreements.accept(a == b ? 1 : 0);
            if (label != null && rows == 1) {
                originalHits.accept(a == label ? 1 : 0);
                compressedHits.accept(b == label ? 1 : 0);
            }
        }
    }

    static boolean isClassification(long[] shape) {
        return shape.length == 2 && shape[1] > 1;
    }

    Fidelity fidelity() {
        boolean pooled = pooledCosines.getCount() > 0;
        return new Fidelity(output, cosines.getAverage(), cosines.getMin(), absErrors.getMax(), absErrors.getAverage(),
                rate(agreements), pooled ? pooledCosines.getAverage() : null, pooled ? pooledCosines.getMin() : null);
    }

    Double originalAccuracy() {
        return rate(originalHits);
    }

    Double compressedAccuracy() {
        return rate(compressedHits);
    }

    private static Double rate(DoubleSummaryStatistics hits) {
        return hits.getCount() == 0 ? null : hits.getSum() / hits.getCount();
    }
}
