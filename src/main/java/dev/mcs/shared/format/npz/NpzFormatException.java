package dev.mcs.shared.format.npz;

import java.io.IOException;

/** An NPZ archive or one of its NPY arrays is malformed, truncated or uses an unsupported feature. */
public final class NpzFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public NpzFormatException(String message) {
        super(message);
    }

    public NpzFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static NpzFormatException forArray(String arrayName, String problem) {
        return new NpzFormatException("Array '" + arrayName + "': " + problem);
    }
}
