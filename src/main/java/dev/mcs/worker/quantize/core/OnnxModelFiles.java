package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes whole ONNX models for every quantization method (models under 2 GB, no external data). Reading goes
 * through the engine's one reader, see {@link FloatModel}.
 */
public final class OnnxModelFiles {

    private static final int IO_BUFFER = 1 << 20;

    private OnnxModelFiles() {
    }

    public static void write(OnnxMl.ModelProto model, Path output) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), IO_BUFFER)) {
            model.writeTo(out);
        }
    }

    public static long initializerBytes(OnnxMl.GraphProto graph) {
        long total = 0;
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            total += t.getSerializedSize();
        }
        return total;
    }

    /** Adds an opset import for {@code domain} unless the model already has one. */
    public static OnnxMl.ModelProto withDomain(OnnxMl.ModelProto model, String domain, long version) {
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().equals(domain)) {
                return model;
            }
        }
        return model.toBuilder().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder()
                .setDomain(domain).setVersion(version)).build();
    }
}
