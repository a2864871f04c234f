package dev.mcs.worker.engine;

import ai.djl.engine.Engine;

/**
 * The process's PyTorch (libtorch) engine, for training.
 *
 * <p>libtorch sizes its thread pools once, when the engine starts. Its default (one intra-op thread per core) made
 * a small student's training step 10-20 times slower on this project's 2-core machine under load (75-130 ms
 * against 6 ms per step of 32 digits): the tensors are small, so the pool only adds hand-offs. So a worker that
 * trains starts libtorch with one intra-op and one inter-op thread, unless
 * {@code -Dai.djl.pytorch.num_threads} / {@code num_interop_threads} were given when it started.
 *
 * <p>A process that runs a TorchScript module opens a {@link #torchScriptScope()}: libtorch's oneDNN Conv path gave
 * wrong results with some channel counts ({@link OneDnnSwitch}), and a TorchScript graph cannot be changed to avoid
 * them. The ONNX training executor keeps that path, which was 3-5 times faster per step, and pads its Convs instead.
 */
public final class TorchRuntime {

    private static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private static int openTorchScriptScopes;

    private TorchRuntime() {}

    /**
     * Opens a scope for running TorchScript modules: libtorch's oneDNN Conv path stays off in this process until
     * every such scope is closed (the setting is process-wide; backward passes choose their kernel again, so a scope
     * spans training as well as inference).
     */
    public static synchronized TorchScriptScope torchScriptScope() {
        engine();
        if (openTorchScriptScopes++ == 0) {
            OneDnnSwitch.set(false);
        }
        return new TorchScriptScope();
    }

    static synchronized void closeTorchScriptScope() {
        if (--openTorchScriptScopes == 0) {
            OneDnnSwitch.set(true);
        }
    }

    /** Whether libtorch's oneDNN Conv path is on in this process (off while a TorchScript scope is open). */
    public static synchronized boolean oneDnnConvolution() {
        engine();
        return OneDnnSwitch.isOn();
    }

    public static synchronized Engine engine() {
        if (System.getProperty(INTRA_OP_PROPERTY) == null) {
            System.setProperty(INTRA_OP_PROPERTY, "1");
        }
        if (System.getProperty(INTER_OP_PROPERTY) == null) {
            System.setProperty(INTER_OP_PROPERTY, "1");
        }
        return Engine.getEngine("PyTorch");
    }
}
