package dev.mcs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fidelity of one model against the baseline (fp32), sample by sample: cosine of the whole first output,
 * for token models ({@code [1, L, H]} output with an attention mask) the cosine of the attention-mask
 * mean-pooled embedding and of the real tokens' hidden states, for classifiers ({@code [1, C]}) top-1
 * agreement and, given labels, top-1 accuracy.
 */
final class ManyFidelity {

    private final List<Double> flat = new ArrayList<>();
    private final List<Double> pooled = new ArrayList<>();
    private final List<Double> tokens = new ArrayList<>();
    private double maxAbs;
    private int agree;
    private int hits;
    private int labelled;
    private boolean classifier;

    /**
     * @param base baseline output of the sample
     * @param out this model's output of the sample
     * @param dims output dimensions (batch 1 first)
     * @param mask the sample's attention mask, or null
     * @param label the sample's label, or -1
     */
    void add(float[] base, float[] out, long[] dims, long[] mask, long label) {
        flat.add(cosine(toDouble(base), toDouble(out)));
        for (int k = 0; k < base.length; k++) {
            maxAbs = Math.max(maxAbs, Math.abs(base[k] - out[k]));
        }
        if (mask != null && dims.length == 3) {
            int hidden = (int) dims[2];
            pooled.add(cosine(Pooling.mean(base, mask, hidden), Pooling.mean(out, mask, hidden)));
            tokens.add(cosine(Pooling.realTokens(base, mask, hidden), Pooling.realTokens(out, mask, hidden)));
        }
        if (dims.length == 2) {
            classifier = true;
            int top = argmax(out);
            agree += top == argmax(base) ? 1 : 0;
            if (label >= 0) {
                labelled++;
                hits += top == label ? 1 : 0;
            }
        }
    }

    /** Accuracy of a model's own predictions (used for the baseline itself too). */
    void addPredictionOnly(float[] out, long label) {
        if (label >= 0) {
            labelled++;
            hits += argmax(out) == label ? 1 : 0;
        }
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!flat.isEmpty()) {
            m.put("outputCosineMean", mean(flat));
            m.put("outputCosineMin", min(flat));
            m.put("maxAbsError", maxAbs);
        }
        if (!pooled.isEmpty()) {
            m.put("pooledCosineMean", mean(pooled));
            m.put("pooledCosineMin", min(pooled));
            m.put("tokenCosineMean", mean(tokens));
            m.put("tokenCosineMin", min(tokens));
        }
        if (classifier) {
            m.put("top1Agreement", agree / (double) flat.size());
        }
        if (labelled > 0) {
            m.put("top1Accuracy", hits / (double) labelled);
            m.put("top1Hits", hits);
            m.put("labelled", labelled);
        }
        return m;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static String json(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            sb.append(v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d)
                    : v instanceof Number ? v.toString() : "\"" + v + "\"");
        }
        return sb.toString();
    }
}
