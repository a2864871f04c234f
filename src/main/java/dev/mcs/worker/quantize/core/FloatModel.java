package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The model a quantization method starts from, parsed by the engine's {@link OnnxModelFile} (the worker's one
 * ONNX reader, which also refuses external data); only the failures are translated into the method's terms.
 */
public final class FloatModel {

    private FloatModel() {
    }

    /**
     * @throws IOException if the file cannot be read (the worker reports it as an I/O failure)
     * @throws QuantizationException if the file is not a model that can be quantized
     */
    public static OnnxMl.ModelProto read(Path input) throws IOException, QuantizationException {
        try {
            return OnnxModelFile.read(input).proto();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (InvalidModelException e) {
            throw new QuantizationException(message(e), e);
        }
    }

    /** Quantization has always named a protobuf failure this way; the engine's other reasons read well as they are. */
    private static String message(InvalidModelException e) {
        return e.getCause() instanceof InvalidProtocolBufferException p
                ? "the file is not a valid ONNX model: " + p.getMessage()
                : e.getMessage();
    }
}
