package dev.mcs.worker.distill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The teacher's hidden states of the layers a student matches, one block per sample (its tokens only, no padding),
 * kept in a file and read back per batch: for a sentence corpus they run to gigabytes, which the worker's heap
 * should not hold.
 */
final class HiddenStore implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final int layers;
    private int width;
    private final long[] offsets;
    private final int[] lengths;
    private long end;

    HiddenStore(Path file, int samples, int layers) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.layers = layers;
        this.offsets = new long[samples];
        this.lengths = new int[samples];
    }

    int layers() {
        return layers;
    }

    int width() {
        return width;
    }

    /** Stores one sample's {@code tokens} rows of {@code width} values of each layer, from {@code rows[l]} at {@code from}. */
    void put(int sample, int tokens, int width, float[][] rows, int from) throws IOException {
        this.width = width;
        ByteBuffer bytes = ByteBuffer.allocate(layers * tokens * width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] layer : rows) {
            bytes.asFloatBuffer().put(layer, from, tokens * width);
            bytes.position(bytes.position() + tokens * width * Float.BYTES);
        }
        bytes.flip();
        offsets[sample] = end;
        lengths[sample] = tokens;
        while (bytes.hasRemaining()) {
            end += channel.write(bytes, end);
        }
    }

    int tokens(int sample) {
        return lengths[sample];
    }

    /** One sample's rows, per layer {@code [tokens * width]}. */
    float[][] get(int sample) {
        int count = lengths[sample] * width;
        ByteBuffer bytes = ByteBuffer.allocate(layers * count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long at = offsets[sample];
            while (bytes.hasRemaining()) {
                int read = channel.read(bytes, at + bytes.position());
                if (read < 0) {
                    throw new IOException("the teacher's hidden states end early in " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.flip();
        float[][] out = new float[layers][count];
        for (float[] layer : out) {
            bytes.asFloatBuffer().get(layer);
            bytes.position(bytes.position() + count * Float.BYTES);
        }
        return out;
    }

    long bytes() {
        return end;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
