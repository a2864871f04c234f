package dev.mcs.worker.engine;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The process's single ONNX Runtime environment, shared by inspection and evaluation.
 *
 * <p>ORT creates its global thread pool only together with the first environment, and DJL's ONNX engine
 * creates that environment from system properties; so the thread count must be decided before anything
 * touches the engine, and every session must opt into the global pool. Sessions with their own pools
 * fight over the cores and distort latency.
 *
 * <p>So this class must be the first in the process to touch DJL's ONNX Runtime engine. A thread count
 * given as {@code -Dai.djl.onnxruntime.num_threads} when the worker starts wins over the requested one.
 */
public final class OrtRuntime {

    private static final int DEFAULT_INTRA_OP_THREADS = 1;
    private static final String INTRA_OP_PROPERTY = "ai.djl.onnxruntime.num_threads";
    private static final String INTER_OP_PROPERTY = "ai.djl.onnxruntime.num_interop_threads";

    private static OrtEnvironment environment;
    private static int intraOpThreads;

    private OrtRuntime() {}

    /** The environment, created with {@value #DEFAULT_INTRA_OP_THREADS} intra-op thread unless created before. */
    public static synchronized OrtEnvironment environment() {
        return environment(DEFAULT_INTRA_OP_THREADS);
    }

    /**
     * The environment, created with the given intra-op thread count on first call; later calls cannot change
     * the count (see {@link #intraOpThreads()} for the one in effect).
     */
    public static synchronized OrtEnvironment environment(int requestedIntraOpThreads) {
        if (environment == null) {
            preferOfflineEngines();
            intraOpThreads = Integer.getInteger(INTRA_OP_PROPERTY, Math.max(1, requestedIntraOpThreads));
            System.setProperty(INTRA_OP_PROPERTY, Integer.toString(intraOpThreads));
            System.setProperty(INTER_OP_PROPERTY, "1");
            // DJL extracts the native library offline and creates the environment with the global pool.
            Engine.getEngine("OnnxRuntime");
            environment = OrtEnvironment.getEnvironment();
        }
        return environment;
    }

    /** Intra-op threads of the global pool, 0 before the environment exists. */
    public static synchronized int intraOpThreads() {
        return intraOpThreads;
    }

    /** Options for a session on the global pool with all graph optimizations; the caller closes them. */
    public static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.disablePerSessionThreads();
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }

    /**
     * Keeps DJL from downloading anything and the ONNX engine from also starting libtorch. Call before any
     * DJL engine is touched.
     */
    public static void preferOfflineEngines() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }
}
