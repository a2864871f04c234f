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
 * Batch-1 latency of one sentence encoder over another, the two alternating run by run on one thread so
 * that machine noise falls on both; the ratio of the medians.
 */
public final class InterleavedLatency {

    private static final int WARMUP = 10;
    private static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};

    private InterleavedLatency() {}

    public static double ratio(Path model, Path baseline, int rounds) throws OrtException {
        OrtEnvironment env = Ort.env();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession a = env.createSession(model.toString(), o);
                    OrtSession b = env.createSession(baseline.toString(), o)) {
                Map<String, OnnxTensor> feed = sentence(env, 32);
                long[] ta = new long[rounds];
                long[] tb = new long[rounds];
                for (int r = -WARMUP; r < rounds; r++) {
                    long first = time(r % 2 == 0 ? a : b, feed);
                    long second = time(r % 2 == 0 ? b : a, feed);
                    if (r >= 0) {
                        ta[r] = r % 2 == 0 ? first : second;
                        tb[r] = r % 2 == 0 ? second : first;
                    }
                }
                feed.values().forEach(OnnxTensor::close);
                return median(ta) / median(tb);
            }
        }
    }

    private static Map<String, OnnxTensor> sentence(OrtEnvironment env, int length) throws OrtException {
        long[] ids = new long[length];
        long[] ones = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 1000 + 13L * i;
            ones[i] = 1;
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put(INPUTS[0], OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, length}));
        feed.put(INPUTS[1], OnnxTensor.createTensor(env, LongBuffer.wrap(ones), new long[] {1, length}));
        feed.put(INPUTS[2], OnnxTensor.createTensor(env, LongBuffer.wrap(new long[length]), new long[] {1, length}));
        return feed;
    }

    private static long time(OrtSession session, Map<String, OnnxTensor> feed) throws OrtException {
        long start = System.nanoTime();
        try (OrtSession.Result ignored = session.run(feed)) {
            return System.nanoTime() - start;
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
