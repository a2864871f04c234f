package dev.mcs.worker.engine;

import ai.djl.engine.Engine;
import java.util.function.Supplier;

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
 * them. That path was 3-5 times faster per step, so a module that trains is checked against libtorch's own kernels on
 * its data and the scope marked verified when they agree ({@code OneDnnCheck}). The ONNX training executor keeps
 * that path and pads its Convs instead.
 */
public final class TorchRuntime {

    private static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private static int openTorchScriptScopes;
    private static int verifiedTorchScriptScopes;
    /** The state last set (libtorch starts with the path on), so that the switch is called only on a change. */
    private static boolean oneDnnOn = true;

    private TorchRuntime() {}

    /**
     * Opens a scope for running TorchScript modules: libtorch's oneDNN Conv path stays off in this process until
     * every such scope is closed or {@linkplain TorchScriptScope#verified() verified} (the setting is process-wide;
     * backward passes choose their kernel again, so a scope spans training as well as inference).
     */
    public static synchronized TorchScriptScope torchScriptScope() {
        engine();
        openTorchScriptScopes++;
        applySwitch();
        return new TorchScriptScope();
    }

    static synchronized void closeTorchScriptScope(boolean verified) {
        openTorchScriptScopes--;
        verifiedTorchScriptScopes -= verified ? 1 : 0;
        applySwitch();
    }

    static synchronized void verifyTorchScriptScope() {
        verifiedTorchScriptScopes++;
        applySwitch();
    }

    /**
     * Runs {@code work} with the oneDNN Conv path on, then restores the switch; only while a single scope (the
     * caller's) is open, since the switch is process-wide.
     *
     * @return the work's result, or null when another scope is open (nothing ran)
     */
    static synchronized <T> T withOneDnn(Supplier<T> work) {
        if (openTorchScriptScopes != 1) {
            return null;
        }
        switchTo(true);
        try {
            return work.get();
        } finally {
            applySwitch();
        }
    }

    /** On when every open scope is verified (none open included), off otherwise. */
    private static void applySwitch() {
        switchTo(openTorchScriptScopes == verifiedTorchScriptScopes);
    }

    private static void switchTo(boolean on) {
        if (on != oneDnnOn) {
            OneDnnSwitch.set(on);
            oneDnnOn = on;
        }
    }

    /** Whether libtorch's oneDNN Conv path is on in this process (off while an unverified TorchScript scope is open). */
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
