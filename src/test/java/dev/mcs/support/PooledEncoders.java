package dev.mcs.support;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny encoder fixture as sentence-embedding exports ship it: the attention-mask mean pooling (and optionally the
 * L2 normalization) inside the graph, so its only output is {@code [batch, hidden]}. Built from the committed
 * {@code tiny_encoder.onnx} with the operators such exports emit (opset 17), so tests need no Python.
 */
public final class PooledEncoders {

    public static final String OUTPUT = "sentence_embedding";

    private PooledEncoders() {}

    /** Writes the pooled tiny encoder to {@code file}; with {@code normalize}, the embedding has unit length. */
    public static Path write(Path file, boolean normalize) throws IOException {
        return write(Fixtures.TINY_ENCODER, file, normalize);
    }

    /**
     * The same for any encoder whose first output is {@code [batch, sequence, hidden]} and which reads an
     * {@code attention_mask}; its other outputs are dropped.
     */
    public static Path write(Path source, Path file, boolean normalize) throws IOException {
        OnnxMl.ModelProto encoder = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(source));
        OnnxMl.GraphProto.Builder graph = encoder.getGraph().toBuilder();
        String hidden = graph.getOutput(0).getName();
        long width = graph.getOutput(0).getType().getTensorType().getShape().getDim(2).getDimValue();
        boolean axesAsInput = encoder.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || "ai.onnx".equals(o.getDomain()))
                .anyMatch(o -> o.getVersion() >= 13);
        graph.addNode(constant("pool_axis", OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(1)));
        graph.addNode(constant("pool_last", OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(-1)));
        graph.addNode(constant("pool_eps", OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addFloatData(1e-9f)));
        graph.addNode(node("Cast", List.of("attention_mask"), "pool_mask_f")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        graph.addNode(axesAsInput ? node("Unsqueeze", List.of("pool_mask_f", "pool_last"), "pool_mask")
                : node("Unsqueeze", List.of("pool_mask_f"), "pool_mask").addAttribute(axes(-1)));
        graph.addNode(node("Mul", List.of(hidden, "pool_mask"), "pool_masked"));
        graph.addNode(sum("pool_masked", "pool_sum", axesAsInput));
        graph.addNode(sum("pool_mask", "pool_count", axesAsInput));
        graph.addNode(node("Max", List.of("pool_count", "pool_eps"), "pool_count_c"));
        String mean = normalize ? "pool_mean" : OUTPUT;
        graph.addNode(node("Div", List.of("pool_sum", "pool_count_c"), mean));
        if (normalize) {
            graph.addNode(node("ReduceL2", List.of(mean), "pool_norm").addAttribute(axes(-1))
                    .addAttribute(keepDims(1)));
            graph.addNode(node("Max", List.of("pool_norm", "pool_eps"), "pool_norm_c"));
            graph.addNode(node("Div", List.of(mean, "pool_norm_c"), OUTPUT));
        }
        graph.clearOutput().addOutput(embeddingOutput(width));
        try (OutputStream out = Files.newOutputStream(file)) {
            encoder.toBuilder().setGraph(graph).build().writeTo(out);
        }
        return file;
    }

    private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output + "_node").addAllInput(inputs)
                .addOutput(output);
    }

    /** ReduceSum over the sequence: axes as an input from opset 13, as an attribute before. */
    private static OnnxMl.NodeProto.Builder sum(String input, String output, boolean axesAsInput) {
        return (axesAsInput ? node("ReduceSum", List.of(input, "pool_axis"), output)
                : node("ReduceSum", List.of(input), output).addAttribute(axes(1))).addAttribute(keepDims(0));
    }

    private static OnnxMl.AttributeProto axes(long axis) {
        return OnnxMl.AttributeProto.newBuilder().setName("axes").setType(OnnxMl.AttributeProto.AttributeType.INTS)
                .addInts(axis).build();
    }

    private static OnnxMl.AttributeProto keepDims(int keep) {
        return OnnxMl.AttributeProto.newBuilder().setName("keepdims").setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(keep).build();
    }

    private static OnnxMl.NodeProto.Builder constant(String name, OnnxMl.TensorProto.Builder value) {
        return node("Constant", List.of(), name).addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value")
                .setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(value.setName(name)));
    }

    private static OnnxMl.ValueInfoProto embeddingOutput(long width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(width > 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)
                        : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("hidden")).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(OUTPUT).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
