package dev.mcs.e2e.battery;

import ai.onnx.proto.OnnxMl;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ProtoBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Hostile model uploads: damaged fixtures, and ONNX graphs with absurd structure built from a real one. */
final class HostileModels {

    private static final HostileInput.Target MODEL = HostileInput.Target.MODEL;

    private HostileModels() {}

    static List<HostileInput> all() throws IOException {
        List<HostileInput> inputs = new ArrayList<>();
        long seed = 1;
        for (Path source : List.of(Fixtures.MLP_ONNX, Fixtures.CNN_ONNX, Fixtures.MLP_TORCHSCRIPT)) {
            byte[] bytes = Files.readAllBytes(source);
            String name = source.getFileName().toString();
            inputs.addAll(Mutations.flips(name, bytes, MODEL, 30, seed++));
            inputs.addAll(Mutations.truncations(name, bytes, MODEL, 15, seed++));
        }
        inputs.addAll(structural(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(Fixtures.MLP_ONNX))));
        return inputs;
    }

    private static List<HostileInput> structural(OnnxMl.ModelProto mlp) {
        List<HostileInput> inputs = new ArrayList<>();
        for (long dim : new long[] {1L << 40, -7, 0, Long.MAX_VALUE}) {
            inputs.add(edit("input dim " + dim, mlp, m -> withInputDim(m, dim)));
        }
        for (long dim : new long[] {1L << 31, -1}) {
            inputs.add(edit("initializer dims [" + dim + ", " + dim + "] over tiny data", mlp,
                    m -> withFirstInitializer(m, t -> t.clearDims().addDims(dim).addDims(dim))));
        }
        inputs.add(edit("float initializer of 3 raw bytes", mlp, m -> withFirstInitializer(m,
                t -> t.clearFloatData().setRawData(com.google.protobuf.ByteString.copyFrom(new byte[3])))));
        for (int depth : new int[] {50, 500, 3000}) {
            inputs.add(new HostileInput("digits_mlp.onnx with If subgraphs nested " + depth + " deep", MODEL,
                    nested(mlp, depth)));
        }
        for (String location : List.of("../weights.bin", "/etc/passwd", "a\u0000b", "file:///etc/passwd",
                "C:\\\\weights.bin", "", "weights.bin")) {
            inputs.add(edit("external data at '" + location.replace("\u0000", "\\0") + "'", mlp,
                    m -> withFirstInitializer(m, t -> external(t, location, "0"))));
        }
        inputs.add(edit("external data offset past the end", mlp,
                m -> withFirstInitializer(m, t -> external(t, "weights.bin", Long.toString(Long.MAX_VALUE)))));
        inputs.add(edit("opset 99999", mlp, m -> m.toBuilder().clearOpsetImport().addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(99999)).build()));
        inputs.add(edit("IR version 0", mlp, m -> m.toBuilder().setIrVersion(0).build()));
        inputs.add(edit("no graph", mlp, m -> m.toBuilder().clearGraph().build()));
        inputs.add(edit("a node consuming a tensor nobody produces", mlp, m -> m.toBuilder().setGraph(
                m.getGraph().toBuilder().setNode(0, m.getGraph().getNode(0).toBuilder().setInput(0, "ghost"))).build()));
        inputs.add(edit("a 1 MB input name", mlp, m -> m.toBuilder().setGraph(m.getGraph().toBuilder().setInput(0,
                m.getGraph().getInput(0).toBuilder().setName("x".repeat(1 << 20)))).build()));
        inputs.add(edit("a cycle between two nodes", mlp, HostileModels::cycle));
        return inputs;
    }

    private static HostileInput edit(String name, OnnxMl.ModelProto model, UnaryOperator<OnnxMl.ModelProto> change) {
        return new HostileInput("digits_mlp.onnx with " + name, MODEL, change.apply(model).toByteArray());
    }

    private static OnnxMl.ModelProto withInputDim(OnnxMl.ModelProto m, long dim) {
        OnnxMl.ValueInfoProto.Builder input = m.getGraph().getInput(0).toBuilder();
        input.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(dim);
        return m.toBuilder().setGraph(m.getGraph().toBuilder().setInput(0, input)).build();
    }

    private static OnnxMl.ModelProto withFirstInitializer(OnnxMl.ModelProto m,
            UnaryOperator<OnnxMl.TensorProto.Builder> change) {
        OnnxMl.GraphProto.Builder graph = m.getGraph().toBuilder();
        graph.setInitializer(0, change.apply(graph.getInitializer(0).toBuilder()));
        return m.toBuilder().setGraph(graph).build();
    }

    private static OnnxMl.TensorProto.Builder external(OnnxMl.TensorProto.Builder t, String location, String offset) {
        return t.clearRawData().clearFloatData().setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location)).addExternalData(entry("offset", offset))
                .addExternalData(entry("length", "1024"));
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /**
     * Written field by field, since protobuf's own serializer recurses once per level: a repeated singular field
     * merges, so a second {@code graph} field appended to the model adds the nested node to its graph.
     */
    private static byte[] nested(OnnxMl.ModelProto m, int depth) {
        byte[] graph = OnnxMl.GraphProto.newBuilder().setName("leaf").build().toByteArray();
        for (int i = 0; i < depth; i++) {
            byte[] attribute = ProtoBytes.concat(OnnxMl.AttributeProto.newBuilder().setName("then_branch")
                    .setType(OnnxMl.AttributeProto.AttributeType.GRAPH).build().toByteArray(),
                    ProtoBytes.field(OnnxMl.AttributeProto.G_FIELD_NUMBER, graph));
            byte[] node = ProtoBytes.concat(
                    OnnxMl.NodeProto.newBuilder().setOpType("If").addInput("cond").build().toByteArray(),
                    ProtoBytes.field(OnnxMl.NodeProto.ATTRIBUTE_FIELD_NUMBER, attribute));
            graph = ProtoBytes.field(OnnxMl.GraphProto.NODE_FIELD_NUMBER, node);
        }
        return ProtoBytes.concat(m.toByteArray(), ProtoBytes.field(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER, graph));
    }

    private static OnnxMl.ModelProto cycle(OnnxMl.ModelProto m) {
        OnnxMl.GraphProto.Builder graph = m.getGraph().toBuilder()
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("b").addOutput("a"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("a").addOutput("b"));
        return m.toBuilder().setGraph(graph).build();
    }
}
