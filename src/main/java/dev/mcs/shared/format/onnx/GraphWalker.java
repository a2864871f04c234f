package dev.mcs.shared.format.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the parts of a model that can hold tensors (graphs, nodes, attributes, training info,
 * functions) looking for external data, and skips everything else unread.
 */
final class GraphWalker {

    static final int MAX_GRAPH_DEPTH = 16;
    /** Enough to show users; a hostile model could otherwise grow this list without bound. */
    static final int MAX_REPORTED_TENSORS = 1000;

    private static final int EXTERNAL = 1;

    private final ProtoReader r;
    private final List<String> externalTensors = new ArrayList<>();
    private boolean externalData;

    GraphWalker(ProtoReader reader) {
        this.r = reader;
    }

    boolean externalData() {
        return externalData;
    }

    List<String> externalTensors() {
        return externalTensors;
    }

    void graph(int depth) throws IOException {
        if (depth > MAX_GRAPH_DEPTH) {
            throw new OnnxFormatException("unsupported ONNX model: subgraphs nested deeper than " + MAX_GRAPH_DEPTH + " levels");
        }
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (ProtoReader.field(tag)) {
                case 1 -> r.message(tag, "node", () -> node(depth));
                case 5 -> r.message(tag, "initializer", this::tensor);
                case 15 -> r.message(tag, "sparse_initializer", this::sparseTensor);
                default -> r.skip(tag);
            }
        }
    }

    void trainingInfo(int depth) throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (ProtoReader.field(tag)) {
                case 1 -> r.message(tag, "initialization", () -> graph(depth + 1));
                case 2 -> r.message(tag, "algorithm", () -> graph(depth + 1));
                default -> r.skip(tag);
            }
        }
    }

    void function(int depth) throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            if (ProtoReader.field(tag) == 7) {
                r.message(tag, "node", () -> node(depth));
            } else {
                r.skip(tag);
            }
        }
    }

    private void node(int depth) throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            if (ProtoReader.field(tag) == 5) {
                r.message(tag, "attribute", () -> attribute(depth));
            } else {
                r.skip(tag);
            }
        }
    }

    private void attribute(int depth) throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (ProtoReader.field(tag)) {
                case 5 -> r.message(tag, "t", this::tensor);
                case 10 -> r.message(tag, "tensors", this::tensor);
                case 22 -> r.message(tag, "sparse_tensor", this::sparseTensor);
                case 23 -> r.message(tag, "sparse_tensors", this::sparseTensor);
                case 6 -> r.message(tag, "g", () -> graph(depth + 1));
                case 11 -> r.message(tag, "graphs", () -> graph(depth + 1));
                default -> r.skip(tag);
            }
        }
    }

    private void sparseTensor() throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (ProtoReader.field(tag)) {
                case 1 -> r.message(tag, "values", this::tensor);
                case 2 -> r.message(tag, "indices", this::tensor);
                default -> r.skip(tag);
            }
        }
    }

    /** Field order in a TensorProto is free, so the name may come after the external-data marks. */
    private void tensor() throws IOException {
        String name = "";
        boolean external = false;
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (ProtoReader.field(tag)) {
                case 8 -> name = r.readString(tag, "name");
                case 13 -> {
                    external = true;
                    r.message(tag, "external_data", () -> skipAll());
                }
                case 14 -> external |= r.readVarint(tag, "data_location") == EXTERNAL;
                default -> r.skip(tag); // raw_data and typed data are skipped without being read into memory
            }
        }
        if (external) {
            recordExternal(name.isEmpty() ? "(unnamed tensor)" : name);
        }
    }

    private void skipAll() throws IOException {
        for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            r.skip(tag);
        }
    }

    private void recordExternal(String name) {
        externalData = true;
        if (externalTensors.size() < MAX_REPORTED_TENSORS) {
            externalTensors.add(name);
        }
    }
}
