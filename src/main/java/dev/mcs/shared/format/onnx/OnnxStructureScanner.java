package dev.mcs.shared.format.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks that an upload is a structurally valid ONNX ModelProto without loading it: the stream is
 * walked once, payloads such as raw weights are skipped, and memory stays bounded whatever the size.
 *
 * <p>Runs in the API process, so it uses only the protobuf wire format, never ONNX Runtime.
 */
public final class OnnxStructureScanner {

    private static final int MAX_OPSET_IMPORTS = 1000;
    private static final int MAX_SNIFFED_IR_VERSION = 20;

    private OnnxStructureScanner() {
    }

    /**
     * Scans a whole model to the end of {@code in}, which is left open.
     *
     * @throws OnnxFormatException when the bytes are not a complete, well-framed ONNX model
     */
    public static OnnxScan scan(InputStream in) throws OnnxFormatException {
        ProtoReader reader = new ProtoReader(in);
        try {
            return new ModelFields(reader).read();
        } catch (InvalidProtocolBufferException e) {
            throw reader.explain(e);
        } catch (OnnxFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new OnnxFormatException("could not read the ONNX model: " + e.getMessage());
        }
    }

    /**
     * Cheap sniff of the first bytes of an upload. ONNX writers put ir_version (field 1) first; other
     * ModelProto starts (producer_name, producer_version, graph) are accepted for hand-made files.
     */
    public static boolean looksLikeOnnx(byte[] head) {
        if (head == null || head.length < 2) {
            return false;
        }
        int tag = head[0] & 0xff;
        if (tag == 0x08) {
            int irVersion = head[1] & 0xff; // a one-byte varint is below 128, which covers 1..20
            return irVersion >= 1 && irVersion <= MAX_SNIFFED_IR_VERSION;
        }
        return (tag == 0x12 || tag == 0x1a || tag == 0x3a) && hasVarintAt(head, 1);
    }

    private static boolean hasVarintAt(byte[] bytes, int offset) {
        for (int i = offset; i < bytes.length && i < offset + 5; i++) {
            if ((bytes[i] & 0x80) == 0) {
                return true;
            }
        }
        return false;
    }

    /** The top-level ModelProto walk; one instance per scan. */
    private static final class ModelFields {

        private final ProtoReader r;
        private final GraphWalker walker;
        private final Map<String, Long> opsets = new LinkedHashMap<>();
        private Long irVersion;
        private String producer = "";
        private boolean hasGraph;

        ModelFields(ProtoReader reader) {
            this.r = reader;
            this.walker = new GraphWalker(reader);
        }

        OnnxScan read() throws IOException {
            if (r.sawNoBytes()) {
                throw new OnnxFormatException("empty input: not an ONNX model");
            }
            for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
                field(tag);
            }
            return validated();
        }

        private void field(int tag) throws IOException {
            switch (ProtoReader.field(tag)) {
                case 1 -> irVersion = r.readVarint(tag, "ir_version");
                case 2 -> producer = r.readString(tag, "producer_name");
                case 7 -> {
                    r.message(tag, "graph", () -> walker.graph(0));
                    hasGraph = true;
                }
                case 8 -> r.message(tag, "opset_import", this::opsetImport);
                case 20 -> r.message(tag, "training_info", () -> walker.trainingInfo(0));
                case 25 -> r.message(tag, "functions", () -> walker.function(0));
                default -> r.skip(tag);
            }
        }

        private void opsetImport() throws IOException {
            String domain = "";
            long version = 0;
            for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
                switch (ProtoReader.field(tag)) {
                    case 1 -> domain = r.readString(tag, "domain");
                    case 2 -> version = r.readVarint(tag, "version");
                    default -> r.skip(tag);
                }
            }
            if (opsets.size() >= MAX_OPSET_IMPORTS) {
                throw new OnnxFormatException("not a valid ONNX model: more than " + MAX_OPSET_IMPORTS + " opset imports");
            }
            opsets.put(domain, version);
        }

        private OnnxScan validated() throws OnnxFormatException {
            if (irVersion == null) {
                throw new OnnxFormatException("not an ONNX model: ir_version (field 1) is missing");
            }
            if (!hasGraph) {
                throw new OnnxFormatException("not an ONNX model: graph (field 7) is missing");
            }
            // The ONNX spec requires opset imports from IR version 3 on; requiring them also catches
            // uploads cut right after the graph, since writers put opset_import after it.
            if (irVersion >= 3 && opsets.isEmpty()) {
                throw new OnnxFormatException("not a valid ONNX model: opset_import (field 8) is missing");
            }
            return new OnnxScan(irVersion, opsets, producer, walker.externalData(), walker.externalTensors());
        }
    }
}
