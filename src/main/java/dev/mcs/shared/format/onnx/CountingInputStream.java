package dev.mcs.shared.format.onnx;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes pulled from an upload and turns {@code skip} into reads.
 *
 * <p>Reading instead of skipping matters: {@code FileInputStream.skip} happily seeks past the end
 * of the file, so a truncated model would look complete to the protobuf decoder. It also caps the
 * input at the 2 GB protobuf limit so a huge upload fails early instead of overflowing offsets.
 */
final class CountingInputStream extends FilterInputStream {

    private static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    private final byte[] scratch = new byte[1 << 16];
    private long count;

    CountingInputStream(InputStream in) {
        super(in);
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        int n0 = read(scratch, 0, (int) Math.min(n, scratch.length));
        return Math.max(n0, 0);
    }

    @Override
    public void close() {
        // The caller owns the upload stream; the scanner must not close it.
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void advance(int n) throws OnnxFormatException {
        count += n;
        if (count > MAX_MODEL_BYTES) {
            throw new OnnxFormatException("ONNX model is larger than the 2 GB protobuf limit;"
                    + " large models must keep their weights in external data files");
        }
    }
}
