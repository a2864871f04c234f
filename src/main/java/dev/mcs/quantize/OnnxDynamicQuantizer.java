package dev.mcs.quantize;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mcs.job.QuantizeParams;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quantizes an ONNX model the way ONNX Runtime's {@code quantize_dynamic} does for transformer
 * models: int8 per-output-channel MatMul/Gemm weights with uint8 activations quantized at run
 * time, and uint8 embedding tables. Runs in worker processes.
 */
public final class OnnxDynamicQuantizer {

    static final String DYNAMIC_INT8 = "dynamic_int8";

    private static final int IO_BUFFER = 1 << 20;

    public QuantizationSummary quantize(Path input, Path output, QuantizeParams params)
            throws IOException, QuantizationException {
        String method = params == null ? null : params.method();
        if (!DYNAMIC_INT8.equals(method)) {
            throw new QuantizationException("unsupported quantization method '" + method + "'; supported: " + DYNAMIC_INT8);
        }
        OnnxMl.ModelProto model = read(input);
        long opset = OpsetPolicy.target(model);
        GraphQuantizer.Result result = new GraphQuantizer(model.getGraph()).rewrite();
        if (result.quantizedNodes().isEmpty()) {
            throw new QuantizationException("nothing to quantize: the model has no MatMul or Gemm with a constant"
                    + " 2-D float weight and no Gather on a float embedding table");
        }
        OnnxMl.ModelProto quantized = OpsetPolicy.withDefaultOpset(model, opset).toBuilder()
                .setGraph(result.graph()).build();
        write(quantized, output);
        return new QuantizationSummary(DYNAMIC_INT8, result.matMuls(), result.gemms(), result.embeddings(),
                result.floatKept(), initializerBytes(model.getGraph()), initializerBytes(result.graph()),
                result.quantizedNodes());
    }

    private static OnnxMl.ModelProto read(Path input) throws IOException, QuantizationException {
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

    private static void write(OnnxMl.ModelProto model, Path output) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), IO_BUFFER)) {
            model.writeTo(out);
        }
    }

    private static long initializerBytes(OnnxMl.GraphProto graph) {
        long total = 0;
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            total += t.getSerializedSize();
        }
        return total;
    }
}
