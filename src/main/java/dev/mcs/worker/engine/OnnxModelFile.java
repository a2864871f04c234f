package dev.mcs.worker.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A parsed ONNX file that is known to hold all its data inline.
 *
 * <p>Read every ONNX file through {@link #read(Path)} before handing it to ONNX Runtime: ORT follows an
 * external-data {@code location} even when it climbs out of the model's folder, so such a file could make
 * the worker read arbitrary files. The one ONNX reader of the worker: inspection, evaluation and every
 * quantization method parse through it.
 */
public final class OnnxModelFile {

    /** A large buffer: models run to hundreds of megabytes and are read in one pass. */
    private static final int IO_BUFFER = 1 << 20;

    private final ModelProto proto;

    private OnnxModelFile(ModelProto proto) {
        this.proto = proto;
    }

    /**
     * Parses the file and refuses it if any tensor references external data.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static OnnxModelFile read(Path path) throws InvalidModelException {
        ModelProto proto = parse(path);
        if (!proto.hasGraph()) {
            throw new InvalidModelException("not an ONNX model: the file has no graph");
        }
        Optional<TensorProto> external = GraphTensors.all(proto).stream().filter(OnnxModelFile::isExternal).findFirst();
        if (external.isPresent()) {
            throw new InvalidModelException("ONNX external data is not supported: tensor '" + external.get().getName()
                    + "' refers to '" + location(external.get()) + "'; save the model with all weights inside the .onnx file");
        }
        return new OnnxModelFile(proto);
    }

    /**
     * Elements of all initializers, of every element type and in every subgraph: float weights, but also the
     * int8 weights, scales and zero points of quantized models, so that a quantized model reports about the
     * same count as its original.
     */
    public long parameterCount() {
        return GraphTensors.initializers(proto).stream().mapToLong(ElementTypes::elements).sum();
    }

    /** Bytes of all initializers as stored in the file. */
    public long parameterBytes() {
        return GraphTensors.initializers(proto).stream().mapToLong(ElementTypes::storedBytes).sum();
    }

    public ModelProto proto() {
        return proto;
    }

    public static boolean isExternal(TensorProto tensor) {
        return tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0;
    }

    private static String location(TensorProto tensor) {
        return tensor.getExternalDataList().stream()
                .filter(entry -> entry.getKey().equals("location"))
                .map(StringStringEntryProto::getValue)
                .findFirst()
                .orElse("?");
    }

    private static ModelProto parse(Path path) throws InvalidModelException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), IO_BUFFER)) {
            requireProtobufSize(Files.size(path));
            CodedInputStream coded = CodedInputStream.newInstance(in);
            // The default 64 MiB limit would reject ordinary large models.
            coded.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException("not an ONNX model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checked before parsing: a larger file cannot be one protobuf message, and reading it would only exhaust the heap. */
    private static void requireProtobufSize(long size) throws InvalidModelException {
        if (size >= Integer.MAX_VALUE) {
            throw new InvalidModelException("the model is " + size + " bytes; ONNX files are limited to 2 GB and"
                    + " larger models keep weights in external data, which is not supported");
        }
    }
}
