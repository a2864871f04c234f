package dev.mcs.worker.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.worker.prune.onnx.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Sizes of a model file: as stored, and after gzip (what a sparse file costs on the wire or in an archive).
 *
 * @param parameters elements of its float initializers (of a TorchScript module: of its parameters; buffers such as
 *     BatchNorm running statistics are not counted)
 * @param nonZeroParameters those not equal to zero
 * @param fileBytes the file's size
 * @param gzipBytes the file gzip-compressed (default level)
 */
record FileSizes(long parameters, long nonZeroParameters, long fileBytes, long gzipBytes) {

    static FileSizes of(Path file, ModelProto model) throws IOException {
        long parameters = 0;
        long nonZero = 0;
        for (var t : model.getGraph().getInitializerList()) {
            if (Weights.isFloat(t)) {
                for (float v : Weights.values(t)) {
                    nonZero += v != 0f ? 1 : 0;
                }
                parameters += Weights.count(t);
            }
        }
        return new FileSizes(parameters, nonZero, Files.size(file), gzipped(file));
    }

    /** The same for a file whose parameters were counted elsewhere (a TorchScript module's, in libtorch). */
    static FileSizes of(Path file, long parameters, long nonZeroParameters) throws IOException {
        return new FileSizes(parameters, nonZeroParameters, Files.size(file), gzipped(file));
    }

    private static long gzipped(Path file) throws IOException {
        Counting counter = new Counting();
        try (InputStream in = Files.newInputStream(file); OutputStream gz = new GZIPOutputStream(counter, 1 << 16)) {
            in.transferTo(gz);
        }
        return counter.count;
    }

    private static final class Counting extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
