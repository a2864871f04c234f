package dev.mcs.support;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a valid ONNX model of any size without holding it: {@code y = Identity(x)} plus one unused float
 * initializer of the requested size, whose bytes differ in every mebibyte (so a download resumed at a wrong
 * offset cannot match by accident). The protobuf framing is written by hand around the streamed payload.
 */
public final class LargeOnnxFile {

    private static final int BLOCK = 1 << 20;

    private LargeOnnxFile() {}

    public static Path write(Path file, long payloadBytes) throws IOException {
        if (payloadBytes % BLOCK != 0) {
            throw new IllegalArgumentException("payload must be whole mebibytes");
        }
        byte[] tensorHead = ProtoBytes.concat(OnnxMl.TensorProto.newBuilder().setName("big").addDims(payloadBytes / 4)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).build().toByteArray(),
                ProtoBytes.header(OnnxMl.TensorProto.RAW_DATA_FIELD_NUMBER, payloadBytes));
        long tensorLength = tensorHead.length + payloadBytes;
        byte[] graphHead = ProtoBytes.concat(identityGraph().toByteArray(),
                ProtoBytes.header(OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER, tensorLength));
        long graphLength = graphHead.length + tensorLength;
        byte[] modelHead = ProtoBytes.concat(OnnxMl.ModelProto.newBuilder().setIrVersion(8).addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray(),
                ProtoBytes.header(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER, graphLength));
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(modelHead);
            out.write(graphHead);
            out.write(tensorHead);
            writePayload(out, payloadBytes);
        }
        return file;
    }

    private static void writePayload(OutputStream out, long payloadBytes) throws IOException {
        byte[] block = new byte[BLOCK];
        new java.util.Random(7).nextBytes(block);
        for (long index = 0; index < payloadBytes / BLOCK; index++) {
            ByteBuffer.wrap(block).putLong(index);
            out.write(block);
        }
    }

    private static OnnxMl.GraphProto identityGraph() {
        OnnxMl.TypeProto floatVector = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4)))).build();
        return OnnxMl.GraphProto.newBuilder().setName("large")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"))
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(floatVector))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(floatVector)).build();
    }
}
