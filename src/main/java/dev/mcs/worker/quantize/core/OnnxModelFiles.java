package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes whole ONNX models for every quantization method (models under 2 GB, no external data). */
public final class OnnxModelFiles {

    private static final int IO_BUFFER = 1 << 20;

    private OnnxModelFiles() {
    }

    public static OnnxMl.ModelProto read(Path input) throws IOException, QuantizationException {
        long size = Files.size(input);
        if (size >= Integer.MAX_VALUE) {
            throw new QuantizationException("the model is " + size + " bytes; ONNX files are limited to 2 GB and"
                    + " larger models keep weights in external data, which quantization does not support");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), IO_BUFFER)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            return OnnxMl.ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new QuantizationException("the file is not a valid ONNX model: " + e.getMessage(), e);
        }
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
