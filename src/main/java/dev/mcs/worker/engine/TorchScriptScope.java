package dev.mcs.worker.engine;

/**
 * While open, libtorch's oneDNN Conv path is off in this process ({@link TorchRuntime#torchScriptScope()}). Closing
 * it more than once has no further effect.
 */
public final class TorchScriptScope implements AutoCloseable {

    private boolean open = true;

    TorchScriptScope() {}

    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            TorchRuntime.closeTorchScriptScope();
        }
    }
}
