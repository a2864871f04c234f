package dev.mcs.worker.quantize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Batch-1 latency of one model over another, measured the way every benchmark here does it: the two run
 * back to back on the same input, in alternating order, so that machine noise falls on both; the median of
 * the per-round ratios.
 */
public final class InterleavedLatency {

    private static final int SENTENCE_WARMUP = 10;
    private static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};

    private InterleavedLatency() {}

    /** Median over {@code rounds} of model time / baseline time, after {@code warmup} runs of each. */
    public static double medianRatio(OrtSession model, OrtSession baseline, Map<String, OnnxTensor> feed, int warmup,
            int rounds) throws OrtException {
        for (int i = 0; i < warmup; i++) {
            baseline.run(feed).close();
            model.run(feed).close();
        }
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            boolean baselineFirst = i % 2 == 0;
            long t0 = System.nanoTime();
            (baselineFirst ? baseline : model).run(feed).close();
            long t1 = System.nanoTime();
            (baselineFirst ? model : baseline).run(feed).close();
            long t2 = System.nanoTime();
            ratios[i] = baselineFirst ? (t2 - t1) / (double) (t1 - t0) : (t1 - t0) / (double) (t2 - t1);
        }
        Arrays.sort(ratios);
        return ratios[rounds / 2];
    }

    /** Two sentence encoders on a 32-token sentence, one thread each. */
    public static double sentenceRatio(Path model, Path baseline, int rounds) throws OrtException {
        return sentenceRatio(model, baseline, rounds, 1);
    }

    /** Two sentence encoders on {@code batch} 32-token sentences, one thread each. */
    public static double sentenceRatio(Path model, Path baseline, int rounds, int batch) throws OrtException {
        OrtEnvironment env = Ort.env();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession a = env.createSession(model.toString(), o);
                    OrtSession b = env.createSession(baseline.toString(), o)) {
                Map<String, OnnxTensor> feed = sentences(env, batch, 32);
                try {
                    return medianRatio(a, b, feed, SENTENCE_WARMUP, rounds);
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static Map<String, OnnxTensor> sentences(OrtEnvironment env, int batch, int length) throws OrtException {
        long[] ids = new long[batch * length];
        long[] ones = new long[batch * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + 13L * (i % length) + 7L * (i / length);
            ones[i] = 1;
        }
        long[] shape = {batch, length};
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put(INPUTS[0], OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        feed.put(INPUTS[1], OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape));
        feed.put(INPUTS[2], OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
        return feed;
    }
}
