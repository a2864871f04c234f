package dev.mcs.service.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns an encoder that writes ({@code GZIPOutputStream}, {@code ZstdOutputStream}) into a stream that is read: each
 * read encodes the next chunk of the source into a small buffer. The response is then written synchronously, like an
 * uncoded file, with nothing held beyond one chunk and what the encoder buffers.
 */
final class EncodingInputStream extends InputStream {

    /** Wraps the sink the encoder writes to. */
    @FunctionalInterface
    interface Encoder {
        OutputStream open(OutputStream sink) throws IOException;
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream source;
    private final Encoder encoder;
    private final Pending pending = new Pending();
    private final byte[] chunk = new byte[CHUNK];
    private OutputStream encoding;
    private int position;
    private boolean finished;

    EncodingInputStream(InputStream source, Encoder encoder) {
        this.source = source;
        this.encoder = encoder;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == pending.size() && !finished) {
            fill();
        }
        if (position == pending.size()) {
            return -1;
        }
        int n = Math.min(length, pending.size() - position);
        System.arraycopy(pending.bytes(), position, target, offset, n);
        position += n;
        return n;
    }

    /** Encodes the next chunk; at the end of the source, closes the encoder so that it writes its trailer. */
    private void fill() throws IOException {
        pending.reset();
        position = 0;
        if (encoding == null) {
            encoding = encoder.open(pending);
        }
        int n = source.read(chunk);
        if (n < 0) {
            encoding.close();
            finished = true;
        } else {
            encoding.write(chunk, 0, n);
        }
    }

    /** Also when the client went away mid-way: the encoder's native state (zlib's) is freed now, not at GC. */
    @Override
    public void close() throws IOException {
        try (source) {
            if (encoding != null && !finished) {
                finished = true;
                encoding.close();
            }
        }
    }

    /** The encoded bytes not yet read; reset before each chunk, so it stays about one chunk large. */
    private static final class Pending extends ByteArrayOutputStream {

        Pending() {
            super(CHUNK + 1024);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
