package dev.mcs.worker.engine;

import java.util.function.Supplier;

/**
 * While open and not verified, libtorch's oneDNN Conv path is off in this process
 * ({@link TorchRuntime#torchScriptScope()}). Closing it more than once has no further effect.
 */
public final class TorchScriptScope implements AutoCloseable {

    private boolean open = true;
    private boolean verified;

    TorchScriptScope() {}

    /**
     * Runs {@code work} with the oneDNN Conv path on (to compare it with libtorch's own kernels), then restores the
     * switch.
     *
     * @return the work's result, or null when this is not the process's only open scope (nothing ran)
     */
    public synchronized <T> T withOneDnn(Supplier<T> work) {
        return open ? TorchRuntime.withOneDnn(work) : null;
    }

    /**
     * Marks the modules this scope runs as computed right by the oneDNN Conv path: it is on again once every open
     * scope is verified.
     */
    public synchronized void verified() {
        if (open && !verified) {
            verified = true;
            TorchRuntime.verifyTorchScriptScope();
        }
    }

    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            TorchRuntime.closeTorchScriptScope(verified);
        }
    }
}
