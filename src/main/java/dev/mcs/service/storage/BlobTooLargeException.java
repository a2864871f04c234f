package dev.mcs.service.storage;

import java.io.IOException;

/** Thrown when streamed content exceeds the allowed size; nothing is left behind. */
public class BlobTooLargeException extends IOException {

    private final long limitBytes;

    public BlobTooLargeException(long limitBytes) {
        super("content exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
