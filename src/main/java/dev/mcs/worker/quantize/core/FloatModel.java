package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.quantize.normalize.GraphNormalizer;
import dev.mcs.worker.quantize.normalize.NormalizationException;
import dev.mcs.worker.quantize.normalize.OpsetGoal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The model a quantization method starts from: parsed by the engine's {@link OnnxModelFile} (the worker's one
 * ONNX reader, which also refuses external data), then normalized ({@link GraphNormalizer}: Constant nodes
 * become initializers, exact constant subgraphs are folded, an old opset is upgraded to what the method needs),
 * so every method sees models as it expects them whatever exporter wrote them. Failures are translated into the
 * method's terms and name the method.
 */
public final class FloatModel {

    /** What {@code dynamic_int8} and the methods built on it need: DynamicQuantizeLinear is opset 11. */
    public static final OpsetGoal DYNAMIC = new OpsetGoal(OpsetPolicy.REQUIRED, OpsetPolicy.REQUIRED);

    private FloatModel() {
    }

    /**
     * Reads and normalizes the model for the {@code method} the user requested.
     *
     * @throws IOException if the file cannot be read (the worker reports it as an I/O failure)
     * @throws QuantizationException if the file is not a model that can be quantized, or cannot be normalized
     */
    public static OnnxMl.ModelProto read(Path input, String method, OpsetGoal goal) throws IOException, QuantizationException {
        OnnxMl.ModelProto parsed = parse(input);
        try {
            return GraphNormalizer.normalize(parsed, goal).model();
        } catch (NormalizationException e) {
            throw new QuantizationException(method + " could not normalize the model: " + e.getMessage(), e);
        }
    }

    /** Reads the model for a method built on {@code dynamic_int8}'s operators (SmoothQuant's float pass). */
    public static OnnxMl.ModelProto read(Path input) throws IOException, QuantizationException {
        return read(input, "the requested method", DYNAMIC);
    }

    private static OnnxMl.ModelProto parse(Path input) throws IOException, QuantizationException {
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
